package dev.levelshare.it;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real JVM started by a test: its output goes to a file the test can await lines in; killed by pid at the end. */
final class Jvm implements AutoCloseable {
    private final Process process;
    private final Path output;
    private final String name;

    private Jvm(Process process, Path output, String name) {
        this.process = process;
        this.output = output;
        this.name = name;
    }

    static String javaBinary() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The shaded sidecar jar built by the shim-server module. */
    static String shimJar() {
        return requiredPath("levelshare.it.shimJar");
    }

    /** Class path of this module's test apps and their dependencies (not the test classes). */
    static String appClasspath() throws IOException {
        String deps = Files.readString(Paths.get(requiredPath("levelshare.it.classpathFile"))).trim();
        return requiredPath("levelshare.it.classes") + File.pathSeparator + deps;
    }

    /** This module's compiled test apps (target/classes). */
    static Path classes() {
        return Paths.get(requiredPath("levelshare.it.classes"));
    }

    private static String requiredPath(String property) {
        String value = System.getProperty(property);
        if (value == null || !new File(value).exists()) {
            throw new IllegalStateException(property + " is not set or missing (" + value + "): run through Maven (mvn verify)");
        }
        return value;
    }

    /** The agent jar built by the agent module. */
    static String agentJar() {
        return requiredPath("levelshare.it.agentJar");
    }

    /** What a plain app has on its class path: its own jar and the LevelDB engines, nothing of levelshare. */
    static String plainClasspath() throws IOException {
        return requiredPath("levelshare.it.plainAppsJar") + File.pathSeparator
                + Files.readString(Paths.get(requiredPath("levelshare.it.plainClasspathFile"))).trim();
    }

    /** A plain app's class path with Mockito (and what it needs) and the test apps that use it, for mocked factories. */
    static String mockingClasspath() throws IOException {
        return requiredPath("levelshare.it.testClasses") + File.pathSeparator
                + Files.readString(Paths.get(requiredPath("levelshare.it.mockitoClasspathFile"))).trim()
                + File.pathSeparator + plainClasspath();
    }

    /** What a plain iq80 app has: its own jar, iq80 and its API and Guava; no leveldbjni and no Snappy library. */
    static String plainIq80Classpath() throws IOException {
        StringBuilder classpath = new StringBuilder(requiredPath("levelshare.it.plainAppsJar"));
        for (String entry : Files.readString(Paths.get(requiredPath("levelshare.it.plainClasspathFile"))).trim()
                .split(File.pathSeparator)) {
            if (!entry.contains("leveldbjni") && !entry.contains("snappy")) {
                classpath.append(File.pathSeparator).append(entry);
            }
        }
        return classpath.toString();
    }

    static String plainAppsJar() {
        return requiredPath("levelshare.it.plainAppsJar");
    }

    /** The leveldbjni jar alone (for apps that load it through their own class loader). */
    static String leveldbjniJar() throws IOException {
        for (String entry : Files.readString(Paths.get(requiredPath("levelshare.it.plainClasspathFile"))).trim()
                .split(File.pathSeparator)) {
            if (entry.contains("leveldbjni-all")) {
                return entry;
            }
        }
        throw new IllegalStateException("leveldbjni-all is not on the plain app class path");
    }

    static String appNettyJar() {
        return requiredPath("levelshare.it.appNettyJar");
    }

    /**
     * A plain app (no levelshare class on its class path), started with the agent when {@code agentArguments} is not
     * null ("" for none).
     */
    static Jvm plainApp(String name, Path workDir, Path socketDir, String java, String classpath,
                        String agentArguments, Class<?> mainClass, String... args) throws IOException {
        return plainApp(name, workDir, socketDir, List.of(), java, classpath, agentArguments, mainClass, args);
    }

    /** {@link #plainApp} with JVM options first (system properties such as a failpoint). */
    static Jvm plainApp(String name, Path workDir, Path socketDir, List<String> jvmOptions, String java,
                        String classpath, String agentArguments, Class<?> mainClass, String... args)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of(java, "-Dlevelshare.socketDir=" + socketDir));
        cmd.addAll(jvmOptions);
        if (agentArguments != null) {
            cmd.add("-javaagent:" + agentJar() + (agentArguments.isEmpty() ? "" : "=" + agentArguments));
        }
        cmd.addAll(List.of("-cp", classpath, mainClass.getName()));
        cmd.addAll(Arrays.asList(args));
        return start(name, workDir, cmd);
    }

    static Jvm sidecar(Path workDir, Path socketDir, String... serveArgs) throws IOException {
        return shim("sidecar", workDir, socketDir, serveArgs);
    }

    /** {@code java -jar levelshare-shim-server.jar <args>} with {@code socketDir}: serve, status, ... */
    static Jvm shim(String name, Path workDir, Path socketDir, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(javaBinary(), "-Dlevelshare.socketDir=" + socketDir,
                "-jar", shimJar()));
        cmd.addAll(Arrays.asList(args));
        return start(name, workDir, cmd);
    }

    static Jvm app(String name, Path workDir, Path socketDir, Class<?> mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(javaBinary(), "-Dlevelshare.socketDir=" + socketDir,
                "-cp", appClasspath(), mainClass.getName()));
        cmd.addAll(Arrays.asList(args));
        return start(name, workDir, cmd);
    }

    /**
     * Starts {@code command}. A {@code java} command line gets its {@code java.io.tmpdir} in {@code workDir}: what a
     * killed JVM leaves there (leveldbjni's copy of its native library, in apps without the agent) goes with the test's
     * directory instead of piling up in the machine's {@code /tmp}; a test's own {@code -Djava.io.tmpdir}, later on the
     * command line, wins. Other commands (one running java as another user) are left as they are.
     */
    static Jvm start(String name, Path workDir, List<String> command) throws IOException {
        Path output = Files.createTempFile(workDir, name + "-", ".log");
        List<String> started = new ArrayList<>(command);
        if (started.get(0).endsWith(File.separator + "java")) {
            started.add(1, "-Djava.io.tmpdir=" + Files.createDirectories(workDir.resolve("jvm-tmp")));
        }
        Process process = new ProcessBuilder(started).redirectErrorStream(true).redirectOutput(output.toFile())
                .start();
        return new Jvm(process, output, name);
    }

    long pid() {
        return process.pid();
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }

    String output() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The last {@code bytes} bytes of the output (long-running writers print a lot). */
    String tail(int bytes) {
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(output.toFile(), "r")) {
            long start = Math.max(0, file.length() - bytes);
            byte[] buffer = new byte[(int) (file.length() - start)];
            file.seek(start);
            file.readFully(buffer);
            return new String(buffer, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits for a line containing {@code fragment}; fails with the process output if it exits or time runs out. */
    String awaitLine(String fragment, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : output().split("\n")) {
                if (line.contains(fragment)) {
                    return line;
                }
            }
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited (" + process.exitValue() + ") before printing '" + fragment
                        + "':\n" + output());
            }
            Thread.sleep(20);
        }
        throw new AssertionError(name + " did not print '" + fragment + "' within " + timeout + ":\n" + output());
    }

    /** Sends one line to the process's stdin (the plain apps take their next step from there). */
    void send(String line) throws IOException {
        process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
    }

    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " still running after " + timeout + ":\n" + output());
        }
        return process.exitValue();
    }

    /** SIGTERM. */
    void terminate() {
        process.destroy();
    }

    /** Sends a signal by name (STOP, CONT) to this process, and only to it. */
    void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    /** SIGKILL. */
    void kill() {
        process.destroyForcibly();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
