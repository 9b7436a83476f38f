package dev.levelshare.it;

import dev.levelshare.it.plainapps.KeyWriterApp;
import dev.levelshare.it.plainapps.ReplacedValueCheckerApp;
import dev.levelshare.it.plainapps.SharedKeyWriterApp;
import dev.levelshare.it.plainapps.ScanCheckerApp;
import dev.levelshare.os.PosixLocks;
import org.fusesource.leveldbjni.JniDBFactory;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.Options;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** Writer and scanner processes (plain apps with the agent) on one DB, and what failover tests check about them. */
final class FailoverProcesses implements AutoCloseable {
    static final Duration STEP = Duration.ofSeconds(30);

    private final Path workDir;
    private final Path sockets;
    private final File db;
    final Map<String, Jvm> writers = new LinkedHashMap<>();
    final List<Jvm> scanners = new ArrayList<>();
    final List<Jvm> sharedWriters = new ArrayList<>();
    final List<Jvm> checkers = new ArrayList<>();
    final List<Jvm> all = new ArrayList<>();

    FailoverProcesses(Path workDir) {
        this.workDir = workDir;
        this.sockets = workDir.resolve("s");
        this.db = workDir.resolve("db").toFile();
    }

    File db() {
        return db;
    }

    Jvm writer(String prefix, String agentArguments) throws IOException {
        return writer(prefix, agentArguments, 0);
    }

    /** A writer of {@code prefix-N} keys; {@code perSecond} paces it (0: as fast as it can). */
    Jvm writer(String prefix, String agentArguments, int perSecond) throws IOException {
        List<String> args = new ArrayList<>(List.of("jni", db.toString(), prefix));
        if (perSecond > 0) {
            args.add(String.valueOf(perSecond));
        }
        Jvm w = Jvm.plainApp("writer-" + prefix, workDir, sockets, Jvm.javaBinary(), Jvm.plainClasspath(),
                agentArguments, KeyWriterApp.class, args.toArray(new String[0]));
        writers.put(prefix, w);
        all.add(w);
        return w;
    }

    Jvm scanner(String name) throws IOException {
        Jvm s = Jvm.plainApp(name, workDir, sockets, Jvm.javaBinary(), Jvm.plainClasspath(), "",
                ScanCheckerApp.class, db.toString());
        scanners.add(s);
        all.add(s);
        return s;
    }

    /** Keys the shared-key writers overwrite and the checkers watch. */
    static final int SHARED_KEYS = 8;

    /** A writer that overwrites the shared keys with values of its own, {@code perSecond} writes a second. */
    Jvm sharedWriter(String name, int perSecond) throws IOException {
        Jvm w = Jvm.plainApp(name, workDir, sockets, Jvm.javaBinary(), Jvm.plainClasspath(), "",
                SharedKeyWriterApp.class, db.toString(), name, String.valueOf(SHARED_KEYS),
                String.valueOf(perSecond));
        sharedWriters.add(w);
        all.add(w);
        return w;
    }

    /** A reader of the shared keys that reports any value read again after another replaced it. */
    Jvm checker(String name) throws IOException {
        Jvm c = Jvm.plainApp(name, workDir, sockets, Jvm.javaBinary(), Jvm.plainClasspath(), "",
                ReplacedValueCheckerApp.class, db.toString(), String.valueOf(SHARED_KEYS));
        checkers.add(c);
        all.add(c);
        return c;
    }

    /** The process holding the DB's LevelDB lock, found through /proc/locks, not through levelshare. */
    Jvm lockHolder() throws Exception {
        long deadline = System.nanoTime() + STEP.toNanos();
        while (System.nanoTime() < deadline) {
            OptionalLong pid = PosixLocks.holderOf(new File(db, "LOCK").toPath());
            if (pid.isPresent()) {
                for (Jvm jvm : all) {
                    if (jvm.pid() == pid.getAsLong()) {
                        return jvm;
                    }
                }
                throw new AssertionError("the lock is held by pid " + pid.getAsLong() + ", not by a test process");
            }
            Thread.sleep(5); // nothing to await but the kernel's lock table
        }
        throw new AssertionError("nobody holds " + db + "/LOCK");
    }

    /** The last write the writer saw acknowledged (-1: none yet). */
    static long acked(Jvm writer) {
        long last = lastAcked(writer.tail(8192));
        return last >= 0 ? last : lastAcked(writer.output());
    }

    private static long lastAcked(String output) {
        long last = -1;
        String[] lines = output.split("\n");
        // A last line without its newline may be cut short (the process was killed while printing it).
        int complete = output.endsWith("\n") ? lines.length : lines.length - 1;
        for (int i = 0; i < complete; i++) {
            String line = lines[i];
            if (line.startsWith("acked ")) {
                last = Long.parseLong(line.substring(6).trim());
            }
        }
        return last;
    }

    long totalAcked() {
        return writers.values().stream().mapToLong(w -> acked(w) + 1).sum();
    }

    /** Waits until the writers acknowledged {@code more} writes beyond what they had. */
    void awaitProgress(long more) throws InterruptedException {
        long target = totalAcked() + more;
        long deadline = System.nanoTime() + STEP.toNanos();
        while (totalAcked() < target) {
            if (System.nanoTime() > deadline) {
                StringBuilder out = new StringBuilder();
                all.forEach(j -> out.append(j.output(), Math.max(0, j.output().length() - 2000), j.output().length()));
                throw new AssertionError("no progress: " + totalAcked() + " < " + target + "\n" + out);
            }
            Thread.sleep(10);
        }
    }

    /** Opens the DB directly (every process stopped) and counts acknowledged writes that are missing. */
    long lostWrites() throws IOException {
        long lost = 0;
        try (DB direct = JniDBFactory.factory.open(db, new Options())) {
            for (Map.Entry<String, Jvm> w : writers.entrySet()) {
                long acked = acked(w.getValue());
                for (long i = 0; i <= acked; i++) {
                    byte[] value = direct.get(KeyWriterApp.key(w.getKey(), i));
                    if (!Arrays.equals(KeyWriterApp.value(w.getKey(), i), value)) {
                        lost++;
                    }
                }
            }
        }
        return lost;
    }

    static int count(String text, String fragment) {
        int n = 0;
        for (int i = text.indexOf(fragment); i >= 0; i = text.indexOf(fragment, i + 1)) {
            n++;
        }
        return n;
    }

    int countInAll(String fragment) {
        return all.stream().mapToInt(j -> count(j.output(), fragment)).sum();
    }

    /** The first {@code max} lines containing {@code fragment}, from every process, with a few lines before each. */
    String linesInAll(String fragment, int max) {
        StringBuilder found = new StringBuilder();
        int n = 0;
        for (Jvm jvm : all) {
            String[] lines = jvm.output().split("\n");
            for (int i = 0; i < lines.length && n < max; i++) {
                if (lines[i].contains(fragment)) {
                    n++;
                    appendExcerpt(found, jvm, lines, i - 4, i + 1);
                }
            }
        }
        return found.toString();
    }

    /** The last {@code n} lines of every scanner's output. */
    String scannerTails(int n) {
        StringBuilder tails = new StringBuilder();
        for (Jvm scanner : scanners) {
            String[] lines = scanner.output().split("\n");
            appendExcerpt(tails, scanner, lines, lines.length - n, lines.length);
        }
        return tails.toString();
    }

    /** Lines {@code from} (clamped to 0) up to {@code to} of one process's output, under its name. */
    private static void appendExcerpt(StringBuilder out, Jvm jvm, String[] lines, int from, int to) {
        out.append("\n--- ").append(jvm).append(":");
        for (int i = Math.max(0, from); i < to; i++) {
            out.append("\n").append(lines[i]);
        }
    }

    void killAll() throws InterruptedException {
        for (Jvm jvm : all) {
            jvm.kill();
        }
        for (Jvm jvm : all) {
            jvm.close();
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (Jvm jvm : all) {
            jvm.close();
        }
    }
}
