package dev.levelshare.conformance;

import dev.levelshare.testing.DbTarget;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBIterator;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static dev.levelshare.testing.Bytes.b;
import static dev.levelshare.testing.Bytes.s;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Runs the same random script of iterator calls on a remote iterator and on an iterator of the same engine opened
 * directly on identical data, and requires identical results: the entry returned or the exception class and message.
 * This is what proves that read-ahead and repositioning never change behaviour, in every direction-change pattern.
 */
final class IteratorDifferential {
    private IteratorDifferential() {}

    private static final String[] OPS = {"next", "next", "next", "next", "prev", "prev", "prev", "hasNext", "hasPrev",
            "peekNext", "peekPrev", "seek", "seekToFirst", "seekToLast"};

    static void assertSameBehaviour(DbTarget remote, File referenceDir) throws IOException {
        try (DbTarget reference = DbTarget.direct(remote.engine, referenceDir)) {
            for (int i = 0; i < 400; i++) {
                byte[] k = b(String.format("k%04d", i * 2)); // even keys only, so odd seeks land between keys
                remote.db.put(k, b("v" + i));
                reference.db.put(k, b("v" + i));
            }
            for (int seed = 1; seed <= 8; seed++) {
                runScript(seed, remote.db, reference.db, remote.crashesOnInvalidPrev() || reference.crashesOnInvalidPrev());
            }
        }
    }

    private static void runScript(long seed, DB remoteDb, DB referenceDb, boolean referenceCrashesOnInvalidPrev)
            throws IOException {
        Random random = new Random(seed);
        try (DBIterator remote = remoteDb.iterator(); DBIterator reference = referenceDb.iterator()) {
            List<String> trace = new ArrayList<>();
            for (int step = 0; step < 800; step++) {
                String op = OPS[random.nextInt(OPS.length)];
                int runLength = op.equals("next") || op.equals("prev") ? 1 + random.nextInt(90) : 1;
                byte[] seekKey = b(String.format("k%04d", random.nextInt(820)));
                for (int r = 0; r < runLength; r++) {
                    if ((op.equals("prev") || op.equals("peekPrev")) && referenceCrashesOnInvalidPrev
                            && !reference.hasNext()) {
                        // The engine would SIGSEGV; the remote must refuse instead.
                        String got = call(remote, op, seekKey);
                        assertEquals("NoSuchElementException:null", got, "seed " + seed + " step " + step
                                + ": prev on an unpositioned remote iterator");
                        continue;
                    }
                    String expected = call(reference, op, seekKey);
                    String actual = call(remote, op, seekKey);
                    trace.add(op + "=" + expected);
                    if (!expected.equals(actual)) {
                        int from = Math.max(0, trace.size() - 12);
                        throw new AssertionError("seed " + seed + " step " + step + ": " + op + " returned " + actual
                                + " remotely but " + expected + " on the engine; last calls: "
                                + trace.subList(from, trace.size()));
                    }
                }
            }
        }
    }

    private static String call(DBIterator it, String op, byte[] seekKey) {
        try {
            switch (op) {
                case "next": return entry(it.next());
                case "prev": return entry(it.prev());
                case "peekNext": return entry(it.peekNext());
                case "peekPrev": return entry(it.peekPrev());
                case "hasNext": return String.valueOf(it.hasNext());
                case "hasPrev": return String.valueOf(it.hasPrev());
                case "seek": it.seek(seekKey); return "ok";
                case "seekToFirst": it.seekToFirst(); return "ok";
                case "seekToLast": it.seekToLast(); return "ok";
                default: throw new IllegalArgumentException(op);
            }
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName() + ":" + e.getMessage();
        }
    }

    private static String entry(Map.Entry<byte[], byte[]> e) {
        return s(e.getKey()) + "=" + s(e.getValue());
    }

}
