package dev.levelshare.it.bench;

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
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs every target in one go, each in the processes real use has: (a) leveldbjni directly in one JVM; (b) a sidecar
 * JVM serving the DB and a client JVM using it over the Unix socket; (c) the bare round trip on that same socket and
 * connection. Prints one side-by-side table with the targets of issue #2. Run it with {@code bench/run.sh}.
 */
public final class Benchmark {
    public static void main(String[] args) throws Exception {
        String shimJar = "shim-server/target/levelshare-shim-server.jar";
        String agentJar = null;
        String plainClasspath = null;
        int threads = 64;
        String only = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--shim-jar")) {
                shimJar = args[++i];
            } else if (args[i].equals("--agent-jar")) {
                agentJar = args[++i];
            } else if (args[i].equals("--plain-classpath")) {
                plainClasspath = args[++i];
            } else if (args[i].equals("--threads")) {
                threads = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--only") && i + 1 < args.length
                    && List.of("core", "agent", "failover").contains(args[i + 1])) {
                only = args[++i];
            } else {
                throw new IllegalArgumentException("usage: Benchmark [--shim-jar JAR] [--agent-jar JAR --plain-classpath CP]"
                        + " [--threads N] [--only core|agent|failover]");
            }
        }
        Path work = Files.createTempDirectory("levelshare-bench");
        try {
            Map<String, Double> results = new LinkedHashMap<>();
            if (only == null || only.equals("core")) {
                System.err.println("[bench] (a) leveldbjni directly, one process ...");
                results.putAll(child(List.of(DirectBench.class.getName(), work.resolve("direct").toString(),
                        String.valueOf(threads)), work));
                System.err.println("[bench] (b, c) sidecar process + client process over the Unix socket ...");
                Path socketDir = work.resolve("sock");
                Process sidecar = new ProcessBuilder(java(), "-Dlevelshare.socketDir=" + socketDir, "-jar", shimJar,
                        "serve", work.resolve("remote").toString()).redirectErrorStream(true)
                        .redirectOutput(work.resolve("sidecar.log").toFile()).start();
                try {
                    awaitServing(work.resolve("sidecar.log"), sidecar);
                    results.putAll(child(List.of("-Dlevelshare.socketDir=" + socketDir, RemoteBench.class.getName(),
                            work.resolve("remote").toString(), String.valueOf(threads)), work));
                } finally {
                    sidecar.destroy();
                    sidecar.waitFor(30, TimeUnit.SECONDS);
                }
            }
            if (agentJar != null && (only == null || only.equals("agent"))) {
                System.err.println("[bench] (d, e) what the agent costs: start-up, the leader's own calls ...");
                results.putAll(AgentCost.measure(java(), agentJar, plainClasspath, System.getProperty("java.class.path"),
                        work));
            }
            if (agentJar != null && (only == null || only.equals("failover"))) {
                System.err.println("[bench] (f) failover: the leader SIGKILLed 20 times under three stall meters ...");
                results.putAll(FailoverBench.measure(java(), agentJar, plainClasspath, work));
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

    private static Map<String, Double> child(List<String> args, Path work) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx2g", "-cp", System.getProperty("java.class.path")));
        cmd.addAll(args);
        return runChild(cmd, work);
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

    private static void awaitServing(Path log, Process sidecar) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains("serving")) {
                return;
            }
            if (!sidecar.isAlive()) {
                throw new IllegalStateException("sidecar exited: " + Files.readString(log));
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("sidecar did not start: " + Files.readString(log));
    }
}
