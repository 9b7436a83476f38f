package dev.levelshare.it.bench;

import dev.levelshare.transport.Polling;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs every measure in one go, each in the processes real use has: (a) leveldbjni directly in one JVM; (b) a
 * follower app and a leader app, both unmodified with the agent; (c) the socket's floor without levelshare; then what
 * idle apps, the agent and failover cost. Prints side-by-side tables with the targets. Run it with {@code bench/run.sh}.
 */
public final class Benchmark {
    public static void main(String[] args) throws Exception {
        String agentJar = null;
        String plainClasspath = null;
        int threads = 64;
        long pollMicros = Polling.DEFAULT_MICROS;
        String only = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--agent-jar")) {
                agentJar = args[++i];
            } else if (args[i].equals("--plain-classpath")) {
                plainClasspath = args[++i];
            } else if (args[i].equals("--poll-micros")) {
                pollMicros = Long.parseLong(args[++i]);
            } else if (args[i].equals("--threads")) {
                threads = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--only") && i + 1 < args.length
                    && List.of("core", "agent", "failover").contains(args[i + 1])) {
                only = args[++i];
            } else {
                throw new IllegalArgumentException("usage: Benchmark --agent-jar JAR --plain-classpath CP"
                        + " [--threads N] [--poll-micros N] [--only core|agent|failover]");
            }
        }
        Path work = Files.createTempDirectory("levelshare-bench");
        try {
            Map<String, Double> results = new LinkedHashMap<>();
            if (agentJar != null && (only == null || only.equals("core"))) {
                results.putAll(CoreBench.measure(java(), agentJar, plainClasspath, threads, pollMicros, work));
            }
            if (agentJar != null && (only == null || only.equals("agent"))) {
                System.err.println("[bench] (d, e) what the agent costs: start-up, the leader's own calls ...");
                results.putAll(AgentCost.measure(java(), agentJar, plainClasspath, System.getProperty("java.class.path"),
                        work));
            }
            if (agentJar != null && (only == null || only.equals("failover"))) {
                System.err.println("[bench] (f) failover with a real log: " + FailoverBench.KILLS + " leaders killed, "
                        + FailoverBench.HAND_OVERS + " closed, " + FailoverBench.EXITS + " exited, under two writing followers ...");
                results.putAll(FailoverBench.measure(java(), agentJar, CoreBench.benchClasspath(plainClasspath), work,
                        pollMicros));
                System.err.println("[bench] (g) what the write buffer cap costs direct leveldbjni writes ...");
                results.putAll(WriteBufferCost.measure(work));
            }
            Report.print(results, threads);
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    private static String java() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Runs a benchmark JVM and collects its {@code RESULT name value} lines. */
    static Map<String, Double> runChild(List<String> cmd, Path work) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(work.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Map<String, Double> results = new LinkedHashMap<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("RESULT ")) {
                    String[] f = line.split(" ");
                    results.put(f[1], Double.parseDouble(f[2]));
                    System.err.println("[bench]   " + f[1] + " = " + f[2]);
                }
            }
        }
        if (p.waitFor() != 0) {
            throw new IllegalStateException("benchmark child " + cmd + " failed with exit code " + p.exitValue());
        }
        return results;
    }

}
