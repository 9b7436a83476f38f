package dev.levelshare.it;

import dev.levelshare.it.plainapps.CommandApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * leveldbjni apps and iq80 apps (an iq80 app here has no leveldbjni and no Snappy library on its class path) share a
 * DB through hand-overs and kills in any order: each keeps reading every acknowledged key and writing.
 */
class MixedEnginesIT {
    private static final Duration STEP = Duration.ofSeconds(60);
    /** Enough data for several memtable flushes and compactions with levelshare's 1 MB write buffer. */
    private static final int KEYS = 6_000;
    private static final int VALUE_BYTES = 1_000;

    @TempDir Path temp;
    @RegisterExtension final StartedJvms started = new StartedJvms();

    private Jvm app(String name, String engine, String agentArguments) throws IOException {
        String classpath = engine.equals("iq80") ? Jvm.plainIq80Classpath() : Jvm.plainClasspath();
        Jvm jvm = Jvm.plainApp(name, temp, temp.resolve("s"), Jvm.javaBinary(), classpath, agentArguments,
                CommandApp.class, engine, temp.resolve("db").toString());
        return started.track(jvm);
    }

    private static void fill(Jvm app, String prefix) throws Exception {
        app.send("fill " + prefix + " " + KEYS + " " + VALUE_BYTES);
        app.awaitLine("fill " + prefix + " " + KEYS + " ok", STEP);
    }

    private static void assertAllThere(Jvm app, String... prefixes) throws Exception {
        for (String prefix : prefixes) {
            app.send("check " + prefix + " " + KEYS);
            String line = app.awaitLine("check " + prefix + " " + KEYS + " ->", STEP);
            assertTrue(line.endsWith("-> " + KEYS + " present, " + KEYS + " correct"), app + ": " + line);
        }
    }

    /** A leveldbjni app leads and wrote "a", an iq80 app follows and wrote "b": the two, leader first. */
    private Jvm[] leveldbjniLeaderAndIq80Follower(String iq80Arguments) throws Exception {
        Jvm jni = app("jni", "jni", "");
        jni.awaitLine("leader for", STEP);
        fill(jni, "a");
        Jvm iq80 = app("iq80", "iq80", iq80Arguments);
        iq80.awaitLine("follower for", STEP);
        fill(iq80, "b");
        return new Jvm[] {jni, iq80};
    }

    @Test
    void anIq80AppWithoutSnappyTakesOverFromALeveldbjniLeaderThatClosed() throws Exception {
        Jvm[] apps = leveldbjniLeaderAndIq80Follower("");
        Jvm jni = apps[0];
        Jvm iq80 = apps[1];
        jni.send("close"); // the hand-over flushes the memtable into a Snappy-compressed table
        jni.awaitLine("closed", STEP);
        iq80.awaitLine("promoted to leader for", STEP);
        assertAllThere(iq80, "a", "b");
        fill(iq80, "c");
        iq80.send("fresh");
        iq80.awaitLine("fresh a000000,a000001,", STEP); // iq80's iterators start on the first entry
        Jvm later = app("jni-later", "jni", "");
        later.awaitLine("follower for", STEP);
        assertAllThere(later, "a", "b", "c");
    }

    @Test
    void anIq80AppWithoutSnappyTakesOverFromAKilledLeveldbjniLeader() throws Exception {
        Jvm[] apps = leveldbjniLeaderAndIq80Follower("");
        Jvm iq80 = apps[1];
        apps[0].kill();
        iq80.awaitLine("promoted to leader for", STEP);
        assertAllThere(iq80, "a", "b");
        fill(iq80, "c");
        assertAllThere(iq80, "c");
    }

    @Test
    void aLeveldbjniAppTakesOverFromAnIq80AppThatLedAndCompactedWhileItWasConnected() throws Exception {
        Jvm iq80 = app("iq80", "iq80", "");
        String leading = iq80.awaitLine("leader for", STEP);
        assertTrue(leading.contains("leveldbjni"), "leveldbjni leads an iq80 app's DB where it loads: " + leading);
        Jvm jni = app("jni", "jni", "");
        jni.awaitLine("follower for", STEP);
        fill(iq80, "a");
        fill(jni, "b");
        fill(iq80, "c"); // several flushes and compactions while the leveldbjni app is connected
        iq80.send("close");
        iq80.awaitLine("closed", STEP);
        jni.awaitLine("promoted to leader for", STEP);
        assertAllThere(jni, "a", "b", "c");
        Jvm iq80Again = app("iq80-again", "iq80", "");
        iq80Again.awaitLine("follower for", STEP);
        jni.kill();
        iq80Again.awaitLine("promoted to leader for", STEP);
        assertAllThere(iq80Again, "a", "b", "c");
    }

    @Test
    void whereNoEngineCanReadTheDbCallsFailClearlyAndTheLockIsNotKept() throws Exception {
        // leadingEngine=app: the iq80 app leads with iq80 itself, which without Snappy cannot read leveldbjni's tables.
        Jvm[] apps = leveldbjniLeaderAndIq80Follower("leadingEngine=app,failoverDeadlineMs=5000");
        Jvm jni = apps[0];
        Jvm iq80 = apps[1];
        jni.send("close");
        jni.awaitLine("closed", STEP);
        iq80.send("read a000001");
        String failed = iq80.awaitLine("read a000001 failed", STEP);
        assertTrue(failed.contains("cannot read") && failed.contains("Snappy"), failed);
        assertFalse(iq80.output().contains("Exception in thread"), iq80.output());
        Jvm rescuer = app("jni-rescuer", "jni", ""); // the lock is free: a leveldbjni app can lead
        rescuer.awaitLine("leader for", STEP);
        assertAllThere(rescuer, "a");
        iq80.send("read a000001");
        iq80.awaitLine("read a000001 = ", STEP); // the iq80 app follows it and reads again
    }
}
