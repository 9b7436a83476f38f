package dev.levelshare.it;

import dev.levelshare.it.plainapps.CommandApp;
import dev.levelshare.it.plainapps.ReverseComparator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A comparator is part of the DB: a follower that opens with another comparator than its leader's gets LevelDB's
 * error at open, never a wrong order; a sidecar serves a DB ordered by an app's own comparator from a jar.
 */
class ComparatorIT {
    private static final Duration STEP = Duration.ofSeconds(30);
    private static final String REVERSE = ReverseComparator.class.getName();

    @TempDir Path temp;
    @RegisterExtension final StartedJvms started = new StartedJvms();

    private Path sockets() {
        return temp.resolve("s");
    }

    private String db() {
        return temp.resolve("db").toString();
    }

    private Jvm app(String name, String engine, String... comparator) throws IOException {
        List<String> args = new ArrayList<>(List.of(engine, db()));
        args.addAll(List.of(comparator));
        return started.track(Jvm.plainApp(name, temp, sockets(), Jvm.javaBinary(), Jvm.plainClasspath(), "",
                CommandApp.class, args.toArray(new String[0])));
    }

    @Test
    void appsWithTheirOwnComparatorFollowASidecarServingItFromAJar() throws Exception {
        Jvm sidecar = started.track(Jvm.sidecar(temp, sockets(), "serve", db(), "--comparator-jar", Jvm.plainAppsJar(),
                "--comparator", REVERSE));
        sidecar.awaitLine("serving", STEP);
        Jvm jni = app("jni", "jni", REVERSE);
        jni.awaitLine("follower for", STEP);
        jni.send("set a 1");
        jni.awaitLine("set a 1 ok", STEP);
        jni.send("set b 2");
        jni.awaitLine("set b 2 ok", STEP);
        Jvm iq80 = app("iq80", "iq80", REVERSE);
        iq80.awaitLine("follower for", STEP);
        iq80.send("set c 3");
        iq80.awaitLine("set c 3 ok", STEP);
        iq80.send("fresh");
        iq80.awaitLine("fresh c,b,a,", STEP); // the DB's own order: reversed
        jni.send("scan");
        jni.awaitLine("scan c,b,a,", STEP);
    }

    @Test
    void aFollowerWithAnotherComparatorThanItsLeaderGetsLevelDbsErrorAtOpen() throws Exception {
        Jvm sidecar = started.track(Jvm.sidecar(temp, sockets(), "serve", db())); // bytewise
        sidecar.awaitLine("serving", STEP);
        String jni = app("jni", "jni", REVERSE).awaitLine("open failed", STEP);
        assertTrue(jni.contains("java.io.IOException: Invalid argument: leveldb.BytewiseComparator does not match"
                + " existing comparator : " + new ReverseComparator().name()), jni);
        String iq80 = app("iq80", "iq80", REVERSE).awaitLine("open failed", STEP);
        assertTrue(iq80.contains("java.lang.IllegalArgumentException: Expected user comparator "
                + new ReverseComparator().name() + " to match existing database comparator"), iq80);
    }

    @Test
    void aFollowerWithoutTheComparatorOfAnAppLeaderIsRefusedAtOpen() throws Exception {
        Jvm leader = app("leader", "jni", REVERSE);
        leader.awaitLine("leader for", STEP);
        String refused = app("plain", "jni").awaitLine("open failed", STEP);
        assertTrue(refused.contains("Invalid argument: " + new ReverseComparator().name()
                + " does not match existing comparator : leveldb.BytewiseComparator"), refused);
        Jvm same = app("same", "jni", REVERSE);
        same.awaitLine("follower for", STEP);
    }

    @Test
    void aComparatorTheSidecarCannotLoadIsAClearError() throws Exception {
        Jvm missing = started.track(Jvm.sidecar(temp, sockets(), "serve", db(), "--comparator-jar", Jvm.plainAppsJar(),
                "--comparator", "no.such.Comparator"));
        assertEquals(1, missing.awaitExit(STEP), missing.output());
        assertTrue(missing.output().contains("comparator class no.such.Comparator not found in"), missing.output());
        Jvm notOne = started.track(Jvm.sidecar(temp, sockets(), "serve", db(), "--comparator-jar", Jvm.plainAppsJar(),
                "--comparator", CommandApp.class.getName()));
        assertEquals(1, notOne.awaitExit(STEP), notOne.output());
        assertTrue(notOne.output().contains("is not an org.iq80.leveldb.DBComparator"), notOne.output());
        Jvm usage = started.track(Jvm.sidecar(temp, sockets(), "serve", db(), "--comparator-jar", Jvm.plainAppsJar()));
        assertEquals(2, usage.awaitExit(STEP), usage.output());
        assertTrue(usage.output().contains("--comparator-jar needs --comparator CLASS"), usage.output());
    }
}
