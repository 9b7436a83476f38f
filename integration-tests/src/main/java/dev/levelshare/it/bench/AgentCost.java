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
 * What the agent costs an app: (d) JVM start-up with {@code -javaagent} and an empty main that opens nothing, against
 * the same JVM without it; (e) the leader's own gets and puts through levelshare's handle against the engine's DB.
 * Runs with and without the agent alternate, so drifts of this noisy VM hit both sides alike.
 */
final class AgentCost {
    private static final int STARTS = 11;

    private AgentCost() {}

    static Map<String, Double> measure(String java, String agentJar, String plainClasspath, String benchClasspath,
                                       Path work) throws IOException, InterruptedException {
        Map<String, Double> results = new LinkedHashMap<>();
        long[] without = new long[STARTS];
        long[] with = new long[STARTS];
        for (int i = 0; i < STARTS; i++) {
            without[i] = timeStart(java, null, plainClasspath, work);
            with[i] = timeStart(java, agentJar, plainClasspath, work);
        }
        Arrays.sort(without);
        Arrays.sort(with);
        results.put("start.without_agent_ms", without[STARTS / 2] / 1e6);
        results.put("start.with_agent_ms", with[STARTS / 2] / 1e6);
        System.err.printf("[bench]   start-up median: %.0f ms without agent, %.0f ms with%n", without[STARTS / 2] / 1e6,
                with[STARTS / 2] / 1e6);

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

    private static long timeStart(String java, String agentJar, String classpath, Path work)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(java));
        if (agentJar != null) {
            cmd.add("-javaagent:" + agentJar);
        }
        cmd.addAll(List.of("-cp", classpath, "dev.levelshare.it.plainapps.EmptyMainApp"));
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(new File("/dev/null")).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("empty main failed: " + cmd);
        }
        return System.nanoTime() - t0;
    }
}
