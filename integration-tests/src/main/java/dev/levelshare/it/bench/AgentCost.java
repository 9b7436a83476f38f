package dev.levelshare.it.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the agent costs an app: (d) JVM start-up with {@code -javaagent} and an empty main that opens nothing, and an
 * app that opens a new DB, writes a key and closes it (start to exit), each against the same JVM without it; (e) the leader's own gets and puts through levelshare's handle against the engine's DB.
 * Runs with and without the agent alternate, so drifts of this noisy VM hit both sides alike.
 */
final class AgentCost {
    private static final int STARTS = 11;

    private AgentCost() {}

    static Map<String, Double> measure(String java, String agentJar, String plainClasspath, String benchClasspath,
                                       Path work) throws IOException, InterruptedException {
        Map<String, Double> results = new LinkedHashMap<>();
        for (String app : List.of("start", "open")) {
            long[] without = new long[STARTS];
            long[] with = new long[STARTS];
            for (int i = 0; i < STARTS; i++) {
                without[i] = timeRun(java, null, plainClasspath, work, app, i);
                with[i] = timeRun(java, agentJar, plainClasspath, work, app, i);
            }
            Arrays.sort(without);
            Arrays.sort(with);
            results.put(app + ".without_agent_ms", without[STARTS / 2] / 1e6);
            results.put(app + ".with_agent_ms", with[STARTS / 2] / 1e6);
            System.err.printf("[bench]   %s median: %.0f ms without agent, %.0f ms with%n", app,
                    without[STARTS / 2] / 1e6, with[STARTS / 2] / 1e6);
        }

        Map<String, Double> best = new LinkedHashMap<>();
        for (int round = 0; round < 2; round++) {
            for (String label : List.of("plain", "agent")) {
                List<String> cmd = new ArrayList<>(List.of(java, "-Xmx2g"));
                if (label.equals("agent")) {
                    cmd.add("-javaagent:" + agentJar);
                    cmd.add("-Dlevelshare.socketDir=" + work.resolve("s"));
                }
                cmd.addAll(List.of("-cp", benchClasspath, LeaderBench.class.getName(),
                        work.resolve("leader-" + label + "-" + round).toString(), label));
                Benchmark.runChild(cmd, work).forEach((k, v) -> best.merge(k, v, Math::max));
            }
        }
        results.putAll(best);
        return results;
    }

    /** One JVM from start to exit: {@code start} an empty main, {@code open} an app opening a new DB ({@code run}). */
    private static long timeRun(String java, String agentJar, String classpath, Path work, String app, int run)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(java));
        if (agentJar != null) {
            cmd.add("-javaagent:" + agentJar);
            cmd.add("-Dlevelshare.socketDir=" + work.resolve("s"));
        }
        cmd.addAll(List.of("-cp", classpath));
        if (app.equals("start")) {
            cmd.add("dev.levelshare.it.plainapps.EmptyMainApp");
        } else {
            cmd.addAll(List.of("dev.levelshare.it.plainapps.OpenOnceApp", "jni",
                    work.resolve("open-" + (agentJar != null ? "agent-" : "plain-") + run).toString()));
        }
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(new File("/dev/null")).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(app + " run failed: " + cmd);
        }
        return System.nanoTime() - t0;
    }
}
