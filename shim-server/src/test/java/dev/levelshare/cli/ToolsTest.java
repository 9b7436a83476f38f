package dev.levelshare.cli;

import dev.levelshare.os.PosixLocks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tools on a DB nobody holds (the tool opens it itself) and every bad-input case; multi-JVM cases in ToolsIT. */
class ToolsTest {
    @TempDir
    Path temp;
    private String previousSocketDir;

    @BeforeEach
    void privateSocketDir() {
        previousSocketDir = System.setProperty("levelshare.socketDir", temp.resolve("s").toString());
    }

    @AfterEach
    void restoreSocketDir() {
        if (previousSocketDir == null) {
            System.clearProperty("levelshare.socketDir");
        } else {
            System.setProperty("levelshare.socketDir", previousSocketDir);
        }
    }

    /** One tool run: exit code, stdout, stderr. */
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
            return "exit " + exit + "\nout: " + out + "\nerr: " + err;
        }
    }

    private static Run tool(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Run ok(String... args) {
        Run run = tool(args);
        assertEquals(0, run.exit, run::toString);
        return run;
    }

    @Test
    void writesReadsAndScansADbNobodyHoldsAndLeavesItUnlocked() throws Exception {
        String db = temp.resolve("db").toString();
        Run missing = tool("get", db, "k");
        assertEquals(1, missing.exit);
        assertTrue(missing.err.contains("does not exist"), missing.err);
        assertEquals(1, tool("put", db, "k", "v").exit, "no DB is made without --create");
        assertFalse(Files.exists(temp.resolve("db")));

        ok("put", db, "b", "2", "--create");
        ok("put", db, "a", "1");
        ok("put", db, "a\\tb", "line\\nbreak");
        ok("put", db, "c", "3");
        ok("put", db, "--encoding", "hex", "ff00", "cafe");
        ok("delete", db, "c");

        assertEquals("1\n", ok("get", db, "a").out);
        Run gone = tool("get", db, "c");
        assertEquals(1, gone.exit);
        assertEquals("", gone.out, "a missing key prints nothing on stdout");
        assertTrue(gone.err.contains("no key c"), gone.err);
        assertEquals("cafe\n", ok("get", db, "--encoding", "hex", "ff00").out);

        assertEquals("a\t1\na\\tb\tline\\nbreak\nb\t2\n\\xff\\x00\t\\xca\\xfe\n", ok("scan", db).out);
        assertEquals("\\xff\\x00\nb\na\\tb\na\n", ok("scan", db, "--reverse", "--keys-only").out);
        assertEquals("a\t1\na\\tb\tline\\nbreak\n", ok("scan", db, "--prefix", "a").out);
        assertEquals("a\\tb\tline\\nbreak\n", ok("scan", db, "--from", "a\\x01", "--to", "b").out);
        assertEquals("62\t32\n", ok("scan", db, "--reverse", "--to", "ff", "--encoding", "hex", "--limit", "1").out,
                "below 0xff, backwards: b");
        assertEquals("61\n", ok("scan", db, "--encoding", "hex", "--keys-only", "--limit", "1").out);
        assertEquals("4\n", ok("count", db).out);
        assertEquals("2\n", ok("count", db, "--prefix", "a").out);

        assertTrue(ok("stats", db).out.contains("Compactions"), "leveldb.stats");
        assertTrue(ok("compact", db).out.startsWith("compacted "));
        assertFalse(PosixLocks.holderOf(temp.resolve("db/LOCK")).isPresent(), "the tool released the DB");
    }

    @Test
    void aDumpLoadedIntoAFreshDbDumpsTheSame() throws Exception {
        String db = temp.resolve("db").toString();
        ok("put", db, "--create", "--encoding", "base64", "AAE=", "//8=");
        Path input = temp.resolve("input.jsonl");
        java.util.TreeMap<String, String> expected = new java.util.TreeMap<>();
        for (int i = 0; i < 2500; i++) {
            String key = String.format("key-%05d", 2499 - i); // out of order: a dump comes back sorted
            expected.put(key, DumpLine.format(b(key), b("value " + i + "\n\u00ff")));
        }
        Files.write(input, expected.descendingMap().values());
        assertEquals("2500\n", ok("load", db, "--in", input.toString()).out);
        Path dump = temp.resolve("dump.jsonl");
        ok("dump", db, "--out", dump.toString());
        List<String> lines = Files.readAllLines(dump);
        assertEquals(2501, lines.size());
        assertEquals("{\"key\":\"AAE=\",\"value\":\"//8=\"}", lines.get(0));
        assertEquals(new ArrayList<>(expected.values()), lines.subList(1, lines.size()));

        String copy = temp.resolve("copy").toString();
        assertEquals(1, tool("load", copy, "--in", dump.toString()).exit, "no DB is made without --create");
        assertEquals("2501\n", ok("load", copy, "--in", dump.toString(), "--create").out);
        Run again = ok("dump", copy);
        assertEquals(String.join("\n", lines) + "\n", again.out);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void badInputIsExitTwoWithAClearMessageAndWritesNothing() throws Exception {
        String db = temp.resolve("db").toString();
        ok("put", db, "k", "v", "--create");
        assertUsage("unknown command 'frobnicate'", "frobnicate", db);
        assertUsage("unknown option --colour", "scan", db, "--colour");
        assertUsage("not valid hex", "get", db, "--encoding", "hex", "xyz1");
        assertUsage("not valid base64", "put", db, "--encoding", "base64", "!!", "AA==");
        assertUsage("unknown encoding", "get", db, "k", "--encoding", "ebcdic");
        assertUsage("takes a directory and 2 more arguments", "put", db, "only-a-key");
        assertUsage("--limit needs a number", "scan", db, "--limit", "-3");
        assertUsage("--prefix or --from", "scan", db, "--prefix", "a", "--from", "b");
        assertUsage("cannot read", "load", db, "--in", temp.resolve("no-such-file").toString());

        Path bad = temp.resolve("bad.jsonl");
        Files.write(bad, List.of("{\"key\":\"YQ==\",\"value\":\"MQ==\"}", "", "{\"key\":\"Yg==\"}"));
        assertUsage("line 3 is not a dump entry", "load", db, "--in", bad.toString());
        Files.write(bad, List.of("{\"key\":\"YQ==\",\"value\":\"MQ==\"}", "{\"key\":\"Y=g=\",\"value\":\"MQ==\"}"));
        assertUsage("line 2", "load", db, "--in", bad.toString());
        assertEquals("1\n", ok("count", db).out, "nothing of a bad load was written");
    }

    @Test
    void statusAsJsonSaysNobodyServes() throws Exception {
        String db = temp.resolve("db").toString();
        ok("put", db, "k", "v", "--create");
        Run status = tool("status", db, "--json");
        assertEquals(1, status.exit);
        assertTrue(status.out.startsWith("{\"served\":false,\"dbPath\":"), status.out);
        assertTrue(status.out.contains("\"lockHolderPid\":null"), status.out);
    }

    private static void assertUsage(String expected, String... args) {
        Run run = tool(args);
        assertEquals(2, run.exit, run::toString);
        assertTrue(run.err.contains(expected), run::toString);
    }
}
