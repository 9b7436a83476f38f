package dev.levelshare.engine;

import dev.levelshare.testing.DbTarget;
import dev.levelshare.testing.EngineLogs;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.Options;
import org.iq80.leveldb.WriteBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.levelshare.testing.Bytes.b;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a leader does before it hands the DB over: its engine's memtable written into a table, so the next process to
 * open the DB has (almost) no log to replay; skipped, never stuck, where it cannot be done.
 */
class MemtableFlushTest {
    @TempDir
    Path temp;

    private LocalEngine open(DbTarget.Engine engine, Path dir, LocalEngine.KeyOrder order) throws IOException {
        DB db = DbTarget.factory(engine).open(dir.toFile(), new Options().createIfMissing(true));
        return LocalEngine.guarded(db, dir.toFile().getCanonicalPath(), 0, order,
                LocalEngine.DEFAULT_RESEND_WINDOW_MILLIS);
    }

    private static void write(DB db, int keys) throws IOException {
        try (WriteBatch batch = db.createWriteBatch()) {
            for (int i = 0; i < keys; i++) {
                batch.put(b(String.format("key-%05d", i)), new byte[100]);
            }
            db.write(batch);
        }
    }

    @Test
    void aFlushLeavesNoLogToReplayAndLosesNothing() throws Exception {
        Path dir = temp.resolve("db");
        try (LocalEngine db = open(DbTarget.Engine.JNI, dir, LocalEngine.KeyOrder.BYTEWISE)) {
            write(db, 2_000);
            assertTrue(EngineLogs.bytes(dir) > 200_000, "the writes are in the log before the flush");
            assertTrue(db.flushMemtable());
            assertEquals(0, EngineLogs.bytes(dir), "the memtable is in a table; the new log is empty");
            assertArrayEquals(new byte[100], db.get(b("key-01999")));
            db.put(b("after"), b("1"));
        }
        try (LocalEngine db = open(DbTarget.Engine.JNI, dir, LocalEngine.KeyOrder.BYTEWISE)) {
            assertArrayEquals(new byte[100], db.get(b("key-00000")));
            assertArrayEquals(b("1"), db.get(b("after")), "a write after the flush is in the new log");
        }
    }

    @Test
    void noFlushWhileCompactionsAreSuspendedForItWouldWaitForTheParkedCompactor() throws Exception {
        Path dir = temp.resolve("db");
        try (LocalEngine db = open(DbTarget.Engine.JNI, dir, LocalEngine.KeyOrder.BYTEWISE)) {
            write(db, 2_000);
            db.suspendCompactions();
            try {
                boolean flushed = CompletableFuture.supplyAsync(db::flushMemtable).get(10, TimeUnit.SECONDS);
                assertFalse(flushed);
                assertTrue(EngineLogs.bytes(dir) > 200_000, "nothing flushed");
            } finally {
                db.resumeCompactions();
            }
            assertTrue(db.flushMemtable(), "resumed, it flushes");
        }
    }

    @Test
    void noFlushForAnAppsOwnKeyOrderNorOnAnEngineWithoutTheCall() throws Exception {
        Path custom = temp.resolve("custom");
        try (LocalEngine db = open(DbTarget.Engine.JNI, custom, LocalEngine.KeyOrder.UNKNOWN)) {
            write(db, 100);
            assertFalse(db.flushMemtable(), "no range is sure to touch no table under an unknown order");
            assertTrue(EngineLogs.bytes(custom) > 0);
        }
        try (LocalEngine db = open(DbTarget.Engine.IQ80, temp.resolve("iq80"), LocalEngine.KeyOrder.BYTEWISE)) {
            write(db, 100);
            assertFalse(db.flushMemtable(), "iq80 has no compactRange");
            assertArrayEquals(new byte[100], db.get(b("key-00099")));
        }
    }
}
