package dev.levelshare.it;

import dev.levelshare.it.plainapps.CommandApp;
import dev.levelshare.it.plainapps.DiskFillerApp;
import dev.levelshare.os.PosixLocks;
import dev.levelshare.testing.SmallDisk;
import org.fusesource.leveldbjni.JniDBFactory;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A full disk on a small real file system (tmpfs): leveldbjni alone dies of SIGBUS there, and with it every process
 * that shares the DB. With levelshare, writes are refused before the disk is full, every process stays up and keeps
 * reading, and writes resume by themselves once space is freed, with no acknowledged write lost.
 */
class FullDiskIT {
    private static final Duration STEP = Duration.ofSeconds(60);
    private static final long MB = 1024 * 1024;

    @TempDir
    Path temp;

    @Test
    void threeAppsWriteUntilRefusedStayUpKeepReadingSurviveAPromotionAndResumeWhenSpaceIsFreed() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(SmallDisk.Kind.TMPFS, temp.resolve("mnt"), 256)) {
            Path ballast = disk.fill("ballast", 96);
            File db = disk.root().resolve("db").toFile();
            Map<String, Jvm> writers = new LinkedHashMap<>();
            try {
                for (String prefix : List.of("a", "b", "c")) {
                    writers.put(prefix, Jvm.plainApp("filler-" + prefix, temp, temp.resolve("s"), Jvm.javaBinary(),
                            Jvm.plainClasspath(), "", DiskFillerApp.class, "jni", db.toString(), prefix));
                }
                for (Jvm writer : writers.values()) {
                    String refused = writer.awaitLine("refused ", STEP);
                    assertTrue(refused.contains("DiskFullException") && refused.contains(db.getCanonicalPath())
                            && refused.contains("MB free") && refused.contains("minFreeDiskMb"), refused);
                    writer.awaitLine("reads ok while refused", STEP);
                }
                assertTrue(disk.freeBytes() > 32 * MB, "writes stopped with room to spare: " + disk.freeBytes());

                // The leader dies while the disk is full: a follower is promoted (its recovery fits in the reserve).
                Jvm holder = lockHolder(db, writers.values());
                holder.kill();
                holder.awaitExit(STEP);
                List<Jvm> survivors = new ArrayList<>(writers.values());
                survivors.remove(holder);
                awaitInAny(survivors, "[levelshare] promoted to leader for " + db.getCanonicalPath());
                for (Jvm survivor : survivors) {
                    int readsSoFar = FailoverProcesses.count(survivor.output(), "reads ok while refused");
                    awaitCount(survivor, "reads ok while refused", readsSoFar + 1); // reads through the new leader
                }

                Files.delete(ballast);
                for (Jvm survivor : survivors) {
                    survivor.awaitLine("resumed at ", STEP);
                }
                for (Jvm writer : writers.values()) {
                    String output = writer.output();
                    assertFalse(output.contains("SIGBUS") || output.contains("fatal error"), output);
                    assertFalse(output.contains("read back a different value"), output);
                }
                for (Jvm survivor : survivors) {
                    survivor.kill();
                    survivor.awaitExit(STEP);
                }
            } finally {
                for (Jvm writer : writers.values()) {
                    writer.close();
                }
            }
            long acked = 0;
            try (DB direct = JniDBFactory.factory.open(db, new Options())) {
                for (Map.Entry<String, Jvm> writer : writers.entrySet()) {
                    long last = FailoverProcesses.acked(writer.getValue());
                    for (long i = 0; i <= last; i++) {
                        assertTrue(Arrays.equals(DiskFillerApp.value(writer.getKey(), i),
                                direct.get(DiskFillerApp.key(writer.getKey(), i))), writer.getKey() + "-" + i);
                    }
                    acked += last + 1;
                }
            }
            assertTrue(acked > 3000, "acknowledged writes checked: " + acked);
        }
    }

    /**
     * {@code app}: the first app leads with the pure-Java engine and the second (asking for leveldbjni) follows;
     * {@code sidecar}: a sidecar leads with leveldbjni and both apps follow.
     */
    @ParameterizedTest(name = "leader: {0}")
    @ValueSource(strings = {"app", "sidecar"})
    void aDiskFilledByAnotherProgramWhileTheDbIsIdleRefusesTheNextWriteOfEveryProcess(String leaderKind)
            throws Exception {
        try (SmallDisk disk = SmallDisk.mount(SmallDisk.Kind.TMPFS, temp.resolve("mnt"), 160)) {
            File db = disk.root().resolve("db").toFile();
            Jvm sidecar = leaderKind.equals("sidecar") ? Jvm.sidecar(temp, temp.resolve("s"), "serve", db.toString())
                    : null;
            if (sidecar != null) {
                sidecar.awaitLine("serving " + db.getCanonicalPath(), STEP);
            }
            try (Jvm first = commandApp("first", "iq80", db); Jvm second = commandApp("second", "jni", db)) {
                first.awaitLine("opened", STEP);
                second.awaitLine("opened", STEP);
                first.send("put a1 1000");
                first.awaitLine("put a1 ok", STEP);
                second.send("put b1 1000");
                second.awaitLine("put b1 ok", STEP);

                Path other = disk.fillUntilFree("other-program", 40 * MB);
                second.send("put b2 1000");
                String refused = second.awaitLine("put b2 failed", STEP);
                assertTrue(refused.contains("DiskFullException") && refused.contains("MB free"), refused);
                first.send("put a2 1000");
                refused = first.awaitLine("put a2 failed", STEP);
                assertTrue(refused.contains("DiskFullException") && refused.contains("MB free"), refused);
                second.send("get a1");
                second.awaitLine("get a1 -> 1000 bytes", STEP);
                first.send("count");
                first.awaitLine("count 2", STEP);

                Files.delete(other);
                awaitPut(second, "b3");
                awaitPut(first, "a3");
                second.send("count");
                second.awaitLine("count 4", STEP);
                second.send("close");
                first.send("close");
                assertEquals(0, second.awaitExit(STEP), second.output());
                assertEquals(0, first.awaitExit(STEP), first.output());
            } finally {
                if (sidecar != null) {
                    sidecar.terminate();
                    sidecar.awaitExit(STEP);
                    assertTrue(sidecar.output().contains("refusing writes"), sidecar.output());
                    sidecar.close();
                }
            }
        }
    }

    /** Sends a put until it is accepted (the guard looks at the free space every 200 ms while it refuses). */
    private static void awaitPut(Jvm app, String key) throws Exception {
        long deadline = System.nanoTime() + STEP.toNanos();
        for (int attempt = 0; ; attempt++) {
            app.send("put " + key + " 1000");
            String answer = awaitCount(app, "put " + key + " ", attempt + 1);
            if (answer.contains(" ok")) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, "writes did not resume: " + answer);
            Thread.sleep(100); // the app's retry pace
        }
    }

    private Jvm commandApp(String name, String engine, File db) throws Exception {
        return Jvm.plainApp(name, temp, temp.resolve("s"), Jvm.javaBinary(), Jvm.plainClasspath(), "",
                CommandApp.class, engine, db.toString());
    }

    /** Waits until {@code jvm} has printed {@code fragment} at least {@code n} times; returns the n-th such line. */
    private static String awaitCount(Jvm jvm, String fragment, int n) throws InterruptedException {
        long deadline = System.nanoTime() + STEP.toNanos();
        while (true) {
            int seen = 0;
            for (String line : jvm.output().split("\n")) {
                if (line.contains(fragment) && ++seen == n) {
                    return line;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(jvm + " printed '" + fragment + "' " + seen + " times, not " + n + ":\n"
                        + jvm.tail(4000));
            }
            Thread.sleep(20);
        }
    }

    private static void awaitInAny(List<Jvm> jvms, String fragment) throws InterruptedException {
        long deadline = System.nanoTime() + STEP.toNanos();
        while (jvms.stream().noneMatch(j -> j.output().contains(fragment))) {
            if (System.nanoTime() > deadline) {
                StringBuilder out = new StringBuilder();
                jvms.forEach(j -> out.append("\n--- ").append(j).append(":\n").append(j.tail(3000)));
                throw new AssertionError("nobody printed '" + fragment + "'" + out);
            }
            Thread.sleep(20);
        }
    }

    private static Jvm lockHolder(File db, java.util.Collection<Jvm> jvms) throws Exception {
        OptionalLong pid = PosixLocks.holderOf(new File(db, "LOCK").toPath());
        assertTrue(pid.isPresent(), "somebody holds the lock");
        return jvms.stream().filter(j -> j.pid() == pid.getAsLong()).findFirst()
                .orElseThrow(() -> new AssertionError("the lock holder " + pid + " is not a test process"));
    }
}
