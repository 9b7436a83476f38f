package dev.levelshare.it.bench;

import dev.levelshare.party.WriteBufferCap;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * (a)-(c): the same operations on (a) leveldbjni in one process, (b) a follower app (unmodified, with the agent) whose
 * leader is another app with the agent, and (c) the socket's own floor, a raw JDK Unix-socket ping-pong of a get's
 * sizes, blocking and polled ({@link RawFloor}); then (c') what an idle leader and an idle follower cost, over 10 s.
 * All in one run, each in its own processes.
 */
final class CoreBench {
    private static final long IDLE_SECONDS = 10;
    /** Calls per second of the paced follower: spaced far beyond the polling budget, a little beyond, within. */
    static final List<Integer> PACED_RATES = List.of(1_000, 10_000, 30_000);

    private CoreBench() {}

    static Map<String, Double> measure(String java, String agentJar, String plainClasspath, int threads, long pollMicros,
                                       Path work) throws Exception {
        Map<String, Double> results = new LinkedHashMap<>();
        String benchClasspath = benchClasspath(plainClasspath);

        System.err.println("[bench] (a) leveldbjni directly, one process ...");
        results.putAll(Benchmark.runChild(List.of(java, "-Xmx2g", "-cp", benchClasspath, DirectBench.class.getName(),
                work.resolve("direct").toString(), String.valueOf(threads)), work));
        System.err.println("[bench] (a') leveldbjni directly, its writes with the leader's capped write buffer ...");
        results.putAll(Benchmark.runChild(List.of(java, "-Xmx2g", "-cp", benchClasspath, DirectBench.class.getName(),
                work.resolve("direct-capped").toString(), String.valueOf(threads),
                String.valueOf(WriteBufferCap.DEFAULT_MB * 1024 * 1024)), work));

        System.err.println("[bench] (b) a follower app and a leader app, both with the agent ...");
        Path db = work.resolve("shared");
        List<String> agent = List.of(java, "-Xmx2g", "-javaagent:" + agentJar, "-Dlevelshare.socketDir="
                + work.resolve("sock"), "-Dlevelshare.pollMicros=" + pollMicros, "-cp", benchClasspath);
        Process leader = startReady(agent, IdleApp.class, work, db.toString(), "leader");
        try {
            List<String> follower = new ArrayList<>(agent);
            follower.addAll(List.of(FollowerBench.class.getName(), db.toString(), String.valueOf(threads),
                    String.valueOf(leader.pid())));
            results.putAll(Benchmark.runChild(follower, work));

            System.err.println("[bench] (b') a follower calling at a steady pace: what polling costs the leader ...");
            List<String> paced = new ArrayList<>(agent);
            paced.addAll(List.of(PacedBench.class.getName(), db.toString(), String.valueOf(leader.pid())));
            PACED_RATES.forEach(rate -> paced.add(String.valueOf(rate)));
            results.putAll(Benchmark.runChild(paced, work));

            System.err.println("[bench] (h) a follower's writes with exactly-once on and off, alternating ...");
            results.putAll(writeIdCost(agent, db, leader.pid(), work));

            System.err.println("[bench] (c') an idle leader and an idle follower, " + IDLE_SECONDS + " s ...");
            Process idleFollower = startReady(agent, IdleApp.class, work, db.toString(), "follower");
            try {
                Thread.sleep(2000); // start-up work (JIT compilation, the agent's rehearsal) settles first
                long[] before = {CpuTime.cpuNanos(leader.pid()), CpuTime.cpuNanos(idleFollower.pid())};
                Thread.sleep(TimeUnit.SECONDS.toMillis(IDLE_SECONDS)); // the measure: time passing
                double seconds = IDLE_SECONDS;
                results.put("idle.leader.cpu_percent",
                        (CpuTime.cpuNanos(leader.pid()) - before[0]) / 1e7 / seconds);
                results.put("idle.follower.cpu_percent",
                        (CpuTime.cpuNanos(idleFollower.pid()) - before[1]) / 1e7 / seconds);
            } finally {
                stop(idleFollower);
            }
        } finally {
            stop(leader);
        }

        System.err.println("[bench] (c) the socket's floor: raw JDK Unix-socket ping-pong, blocking and polled ...");
        results.putAll(floor(java, benchClasspath, work, 0, "floor.blocking", null));
        results.putAll(floor(java, benchClasspath, work, pollMicros, "floor.polled", null));
        System.err.println("[bench] (c) the floor with the engine: the polled ping-pong, its server doing the get ...");
        results.putAll(floor(java, benchClasspath, work, pollMicros, "floor.engine",
                work.resolve("floor-engine")));
        results.put("poll_micros", (double) pollMicros);
        return results;
    }

    /** Rounds of (h), each exactly-once on then off; medians are reported. */
    private static final int WRITE_ID_ROUNDS = 3;

    /** (h): the follower's writes with and without exactly-once, in alternating follower JVMs; medians. */
    private static Map<String, Double> writeIdCost(List<String> agent, Path db, long leaderPid, Path work)
            throws Exception {
        Map<String, List<Double>> runs = new LinkedHashMap<>();
        for (int round = 0; round < WRITE_ID_ROUNDS; round++) {
            for (String mode : new String[] {"on", "off"}) {
                List<String> cmd = new ArrayList<>(agent);
                cmd.add(1, "-Dlevelshare.exactlyOnce=" + mode.equals("on"));
                cmd.addAll(List.of(WriteIdCostBench.class.getName(), db.toString(), String.valueOf(leaderPid),
                        "exactly_once." + mode));
                Benchmark.runChild(cmd, work).forEach((k, v) -> runs.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
            }
        }
        Map<String, Double> medians = new LinkedHashMap<>();
        runs.forEach((k, v) -> {
            v.sort(null);
            medians.put(k, v.get(v.size() / 2));
        });
        return medians;
    }

    /** One floor run; with {@code engineDb}, its server does the engine's get there ({@link RawFloor}). */
    private static Map<String, Double> floor(String java, String classpath, Path work, long pollMicros, String name,
                                             Path engineDb) throws Exception {
        Path socket = work.resolve(name + ".sock");
        List<String> serve = new ArrayList<>(List.of(java, "-Xmx2g", "-cp", classpath, RawFloor.class.getName(), "server",
                socket.toString(), String.valueOf(pollMicros)));
        List<String> ping = new ArrayList<>(List.of(java, "-cp", classpath, RawFloor.class.getName(), "client",
                socket.toString(), String.valueOf(pollMicros), "100000"));
        if (engineDb != null) {
            serve.add(engineDb.toString());
        }
        Process server = new ProcessBuilder(serve).redirectErrorStream(true).start();
        try {
            awaitLine(server, "listening");
            ping.addAll(List.of(String.valueOf(server.pid()), name));
            if (engineDb != null) {
                ping.add("engine");
            }
            return Benchmark.runChild(ping, work);
        } finally {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Starts a child and waits for its {@code ready} line. */
    private static Process startReady(List<String> command, Class<?> main, Path work, String... args)
            throws IOException {
        List<String> cmd = new ArrayList<>(command);
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(work.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        awaitLine(p, "ready");
        return p;
    }

    private static void awaitLine(Process p, String expected) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.equals(expected)) {
                return;
            }
        }
        throw new IllegalStateException("child exited before printing '" + expected + "'");
    }

    private static void stop(Process p) throws InterruptedException {
        try {
            p.getOutputStream().close();
        } catch (IOException e) {
            // gone already
        }
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
    }

    /** This module's classes (the benchmark's apps) and the engines: nothing of levelshare, as for any app. */
    static String benchClasspath(String plainClasspath) {
        String classes = null;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.endsWith("integration-tests" + File.separator + "target" + File.separator + "classes")) {
                classes = entry;
            }
        }
        if (classes == null) {
            throw new IllegalStateException("integration-tests/target/classes is not on the class path");
        }
        StringBuilder cp = new StringBuilder(classes);
        for (String entry : plainClasspath.split(File.pathSeparator)) {
            if (!entry.contains("plain-apps")) {
                cp.append(File.pathSeparator).append(entry);
            }
        }
        return cp.toString();
    }
}
