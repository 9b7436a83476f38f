package dev.levelshare.it.bench;

import dev.levelshare.os.PosixLocks;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * (f) Failover time: three JVMs run {@code StallMeterApp} (a plain leveldbjni app, with the agent) on one DB; the lock
 * holder is SIGKILLed, 20 times, each time replaced. For each kill: the time from SIGKILL to the next successful get on
 * the follower that was promoted, and on the follower that lost the race and follows the new leader.
 */
final class FailoverBench {
    private static final int KILLS = 20;

    private FailoverBench() {}

    static Map<String, Double> measure(String java, String agentJar, String plainClasspath, Path work)
            throws Exception {
        Path db = work.resolve("failover-db");
        List<Process> processes = new ArrayList<>();
        List<Path> outputs = new ArrayList<>();
        long[] promoted = new long[KILLS];
        long[] following = new long[KILLS];
        try {
            for (int i = 0; i < 3; i++) {
                start(java, agentJar, plainClasspath, db, work, processes, outputs);
            }
            for (int kill = 0; kill < KILLS; kill++) {
                int victim = lockHolder(db, processes);
                long killedAtMicros = epochMicros();
                processes.get(victim).destroyForcibly();
                processes.get(victim).waitFor(10, TimeUnit.SECONDS);
                for (int i = 0; i < processes.size(); i++) {
                    if (i == victim || !processes.get(i).isAlive()) {
                        continue;
                    }
                    String[] resumed = awaitResumedAfter(outputs.get(i), killedAtMicros);
                    long micros = Long.parseLong(resumed[1]) - killedAtMicros;
                    if (resumed[5].equals("leader")) {
                        promoted[kill] = micros;
                    } else {
                        following[kill] = micros;
                    }
                }
                processes.set(victim, null);
                outputs.set(victim, null);
                processes.removeIf(p -> p == null);
                outputs.removeIf(p -> p == null);
                start(java, agentJar, plainClasspath, db, work, processes, outputs);
            }
        } finally {
            for (Process p : processes) {
                p.destroyForcibly();
            }
        }
        Map<String, Double> results = new LinkedHashMap<>();
        Arrays.sort(promoted);
        Arrays.sort(following);
        results.put("failover.promoted.p50_ms", promoted[KILLS / 2] / 1000.0);
        results.put("failover.promoted.p99_ms", promoted[KILLS - 1] / 1000.0);
        results.put("failover.following.p50_ms", following[KILLS / 2] / 1000.0);
        results.put("failover.following.p99_ms", following[KILLS - 1] / 1000.0);
        System.err.printf("[bench]   failover after SIGKILL, %d kills: promoted p50 %.1f ms (max %.1f), losing follower "
                + "p50 %.1f ms (max %.1f)%n", KILLS, promoted[KILLS / 2] / 1000.0, promoted[KILLS - 1] / 1000.0,
                following[KILLS / 2] / 1000.0, following[KILLS - 1] / 1000.0);
        return results;
    }

    private static void start(String java, String agentJar, String classpath, Path db, Path work,
                              List<Process> processes, List<Path> outputs) throws Exception {
        Path out = Files.createTempFile(work, "stall-", ".log");
        Process p = new ProcessBuilder(java, "-javaagent:" + agentJar, "-Dlevelshare.socketDir=" + work.resolve("s"),
                "-Dlevelshare.logLevel=warn", "-cp", classpath, "dev.levelshare.it.plainapps.StallMeterApp",
                db.toString()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        processes.add(p);
        outputs.add(out);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!read(out).contains("opened")) {
            if (System.nanoTime() > deadline || !p.isAlive()) {
                throw new IllegalStateException("stall meter did not start: " + read(out));
            }
            Thread.sleep(10);
        }
        Thread.sleep(200); // let it settle into its loop: a stall while starting would not be a failover
    }

    private static int lockHolder(Path db, List<Process> processes) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            OptionalLong pid = PosixLocks.holderOf(db.resolve("LOCK"));
            if (pid.isPresent()) {
                for (int i = 0; i < processes.size(); i++) {
                    if (processes.get(i).pid() == pid.getAsLong()) {
                        return i;
                    }
                }
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("no stall meter holds the lock");
    }

    /** The first "resumed" line stamped after the kill: {@code resumed <epochµs> after <µs> as <role>}. */
    private static String[] awaitResumedAfter(Path out, long killedAtMicros) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            for (String line : read(out).split("\n")) {
                if (line.startsWith("resumed ")) {
                    String[] f = line.trim().split(" ");
                    if (f.length == 6 && Long.parseLong(f[1]) > killedAtMicros) {
                        return f;
                    }
                }
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("a follower did not resume after the kill: " + read(out));
    }

    private static long epochMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    }

    private static String read(Path out) throws IOException {
        return new String(Files.readAllBytes(out), StandardCharsets.UTF_8);
    }
}
