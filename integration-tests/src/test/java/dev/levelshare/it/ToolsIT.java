package dev.levelshare.it;

import dev.levelshare.it.apps.PlainLockHolderApp;
import dev.levelshare.it.plainapps.CommandApp;
import dev.levelshare.os.PosixLocks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tools of the sidecar jar ({@code java -jar levelshare-shim-server.jar get|put|...}) as users run them: against a
 * DB led by an unmodified app with the agent, against a sidecar, against a DB nobody holds, and against a process that
 * holds the lock without serving it.
 */
class ToolsIT {
    private static final Duration STEP = Duration.ofSeconds(60);

    @TempDir
    Path temp;
    private final List<Jvm> started = new ArrayList<>();

    @AfterEach
    void stopAll() throws InterruptedException {
        for (Jvm jvm : started) {
            jvm.close();
        }
    }

    private Path sockets() {
        return temp.resolve("s");
    }

    /** The tools' java.io.tmpdir. */
    private Path toolTmp() {
        return temp.resolve("tool-tmp");
    }

    /**
     * Each tool run that followed used to rehearse a promotion in the background and exit during it, where Netty's
     * copy of its native library in java.io.tmpdir is not yet deleted: 6 of 10 runs of {@code get} left one (106 KB).
     */
    private void assertToolsLeftNoNativeLibraryCopies() throws IOException {
        try (var left = Files.list(toolTmp())) {
            assertEquals(List.of(), left.map(p -> p.getFileName().toString()).filter(n -> n.contains("netty"))
                    .collect(Collectors.toList()), "copies of Netty's native library left in " + toolTmp());
        }
    }

    /** One tool run in its own JVM: exit code, stdout and stderr apart. */
    private static final class Run {
        final int exit;
        final String out;
        final String err;

        Run(int exit, String out, String err) {
            this.exit = exit;
            this.out = out;
            this.err = err;
        }

        @Override
        public String toString() {
            return "exit " + exit + "\nstdout: " + out + "\nstderr: " + err;
        }
    }

    private Run tool(Path stdin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Jvm.javaBinary(), "-Dlevelshare.socketDir=" + sockets(),
                "-Djava.io.tmpdir=" + Files.createDirectories(toolTmp()), "-jar", Jvm.shimJar()));
        cmd.addAll(Arrays.asList(args));
        Path out = Files.createTempFile(temp, "tool-", ".out");
        Path err = Files.createTempFile(temp, "tool-", ".err");
        ProcessBuilder builder = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        if (stdin != null) {
            builder.redirectInput(stdin.toFile());
        }
        Process process = builder.start();
        if (!process.waitFor(STEP.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", args) + " still running after " + STEP);
        }
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private Run ok(String... args) throws Exception {
        Run run = tool(null, args);
        assertEquals(0, run.exit, () -> String.join(" ", args) + ": " + run);
        assertEquals("", run.err.replaceAll("(?m)^(WARNING: .*|)\n", ""), () -> "stderr of " + String.join(" ", args));
        return run;
    }

    @Test
    void everyToolWorksOnADbLedByAnAppWithTheAgentWhichSeesTheirWrites() throws Exception {
        Path db = temp.resolve("db");
        Jvm app = track(Jvm.plainApp("app", temp, sockets(), Jvm.javaBinary(), Jvm.plainClasspath(), "",
                CommandApp.class, "jni", db.toString()));
        app.awaitLine("opened", STEP);
        app.send("put app-key 3");
        app.awaitLine("put app-key ok", STEP);

        exerciseEveryTool(db.toString());

        app.send("get tool-key");
        app.awaitLine("get tool-key -> 5 bytes", STEP); // "value"
        app.send("get gone");
        app.awaitLine("get gone -> null", STEP);
        assertEquals(app.pid(), PosixLocks.holderOf(db.resolve("LOCK")).getAsLong(), "the app still leads");
        assertToolsLeftNoNativeLibraryCopies();
        Run status = ok("status", db.toString(), "--json");
        assertTrue(status.out.startsWith("{\"served\":true,") && status.out.contains("\"pid\":" + app.pid()),
                status.out);
    }

    @Test
    void everyToolWorksThroughASidecar() throws Exception {
        Path db = temp.resolve("db");
        Jvm sidecar = track(Jvm.sidecar(temp, sockets(), "serve", db.toString()));
        sidecar.awaitLine("serving", STEP);
        ok("put", db.toString(), "app-key", "abc");
        exerciseEveryTool(db.toString());
        assertEquals(sidecar.pid(), PosixLocks.holderOf(db.resolve("LOCK")).getAsLong(), "the sidecar still leads");
        assertToolsLeftNoNativeLibraryCopies();
    }

    @Test
    void aDbNobodyHoldsIsOpenedForTheCommandAndReleased() throws Exception {
        Path db = temp.resolve("db");
        Run missing = tool(null, "count", db.toString());
        assertEquals(1, missing.exit);
        assertTrue(missing.err.contains("does not exist"), missing.err);
        ok("put", db.toString(), "app-key", "abc", "--create");
        exerciseEveryTool(db.toString());
        assertFalse(PosixLocks.holderOf(db.resolve("LOCK")).isPresent(), "LOCK is free after the tools");
    }

    @Test
    void aProcessHoldingTheLockWithoutServingItIsNamed() throws Exception {
        Path db = temp.resolve("db");
        Jvm plain = track(Jvm.app("plain-holder", temp, sockets(), PlainLockHolderApp.class, db.toString()));
        plain.awaitLine("opened", STEP);
        Run run = tool(null, "get", db.toString(), "k");
        assertEquals(1, run.exit, run::toString);
        assertTrue(run.err.contains("locked by process " + plain.pid()), run.err);
        assertEquals("", run.out);
    }

    /** Every command, on a DB that already has {@code app-key}; leaves {@code tool-key=value} and no {@code gone}. */
    private void exerciseEveryTool(String db) throws Exception {
        ok("put", db, "tool-key", "value");
        ok("put", db, "gone", "soon");
        ok("put", db, "--encoding", "hex", "7a00ff", "0a0d09"); // "z\0\xff" = "\n\r\t"
        ok("delete", db, "gone");
        assertEquals("value\n", ok("get", db, "tool-key").out);
        Run missing = tool(null, "get", db, "gone");
        assertEquals(1, missing.exit, missing::toString);
        assertEquals("", missing.out);
        assertTrue(missing.err.contains("no key gone"), missing.err);

        String scan = ok("scan", db).out;
        assertTrue(scan.startsWith("app-key\t"), scan);
        assertTrue(scan.endsWith("tool-key\tvalue\nz\\x00\\xff\t\\n\\r\\t\n"), scan);
        assertEquals(3, scan.split("\n").length);
        assertEquals("z\\x00\\xff\ntool-key\n", ok("scan", db, "--reverse", "--keys-only", "--limit", "2").out);
        assertEquals("tool-key\tvalue\n", ok("scan", db, "--prefix", "tool").out);
        assertEquals("app-key\n", ok("scan", db, "--to", "tool-key", "--keys-only").out);
        assertEquals("3\n", ok("count", db).out);
        assertEquals("1\n", ok("count", db, "--prefix", "app").out);
        assertTrue(ok("stats", db).out.contains("approximate size"));
        assertTrue(ok("compact", db).out.startsWith("compacted"));

        Path dump = temp.resolve("dump-" + System.nanoTime() + ".jsonl");
        Run dumped = tool(null, "dump", db, "--out", dump.toString());
        assertEquals(0, dumped.exit, dumped::toString);
        assertTrue(dumped.err.contains("dumped 3 entries to " + dump), dumped.err);
        assertEquals(3, Files.readAllLines(dump).size());
        File copy = temp.resolve("copy-" + System.nanoTime()).toFile();
        Run load = tool(dump, "load", copy.toString(), "--create"); // from stdin
        assertEquals(0, load.exit, load::toString);
        assertEquals("3\n", load.out);
        assertEquals(Files.readString(dump), ok("dump", copy.toString()).out, "dump, load, dump: the same");
        assertFalse(PosixLocks.holderOf(copy.toPath().resolve("LOCK")).isPresent());

        Files.writeString(dump, "{\"key\":\"YQ==\",\"value\":\"Yg==\"}\nnot json\n");
        Run bad = tool(null, "load", db, "--in", dump.toString());
        assertEquals(2, bad.exit, bad::toString);
        assertTrue(bad.err.contains("line 2"), bad.err);
        assertEquals("3\n", ok("count", db).out, "nothing of a bad load was written");
        Run unknown = tool(null, "scan", db, "--sideways");
        assertEquals(2, unknown.exit);
        assertTrue(unknown.err.contains("unknown option --sideways"), unknown.err);
    }

    private Jvm track(Jvm jvm) {
        started.add(jvm);
        return jvm;
    }
}
