package dev.levelshare.engine;

import dev.levelshare.client.ClientOptions;
import dev.levelshare.client.RemoteDb;
import dev.levelshare.client.RemoteDbInternals;
import dev.levelshare.protocol.WriteId;
import dev.levelshare.server.DbServer;
import dev.levelshare.server.ServerOptions;
import dev.levelshare.testing.DbTarget;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBIterator;
import org.iq80.leveldb.Options;
import org.iq80.leveldb.ReadOptions;
import org.iq80.leveldb.WriteBatch;
import org.iq80.leveldb.WriteOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Exactly-once on a real engine: a write with an id is applied once however often it arrives, also after the engine
 * was closed without a word and opened again (the proof is in the engine, with the write); the proofs never show
 * through a get or an iterator, in-process or served; they go when their writer says it is done, or when it stays away
 * for its window.
 */
class AppliedWritesTest {
    private static final long WRITER = 0x1234_5678_9abc_def0L;
    private static final WriteOptions PLAIN = new WriteOptions();

    @TempDir
    Path temp;

    private LocalEngine open(DbTarget.Engine engine, long windowMillis) throws IOException {
        File dir = temp.resolve("db-" + engine).toFile();
        DB db = DbTarget.factory(engine).open(dir, new Options().createIfMissing(true));
        return LocalEngine.guarded(db, dir.getCanonicalPath(), 0, LocalEngine.KeyOrder.BYTEWISE, windowMillis);
    }

    @ParameterizedTest
    @EnumSource(DbTarget.Engine.class)
    void aWriteSentAgainIsAppliedOnceAlsoAfterTheEngineWasOpenedAgain(DbTarget.Engine engine) throws Exception {
        WriteId first = new WriteId(WRITER, 0, 1);
        try (LocalEngine db = open(engine, 60_000)) {
            AppliedWrites applied = db.applied();
            applied.apply(first, batch -> batch.put(b("x"), b("1")), PLAIN);
            db.put(b("x"), b("2")); // another writer's, acknowledged
            applied.apply(first, batch -> batch.put(b("x"), b("1")), PLAIN); // sent again: must not bring 1 back
            assertEquals("2", s(db.get(b("x"))));
            assertEquals(1, applied.duplicates());
        } // closed without forgetting the writer, as a killed leader would leave it
        try (LocalEngine db = open(engine, 60_000)) {
            AppliedWrites applied = db.applied();
            applied.apply(first, batch -> batch.put(b("x"), b("1")), PLAIN);
            assertEquals("2", s(db.get(b("x"))), "the next leader knows the write from the proof in the engine");
            assertEquals(1, applied.duplicates());

            WriteId second = new WriteId(WRITER, 0, 2); // the slot's next write is new
            try (WriteBatch batch = db.createWriteBatch()) {
                batch.put(b("x"), b("3"));
                batch.delete(b("y"));
                applied.apply(second, batch, PLAIN);
            }
            db.put(b("y"), b("4"));
            try (WriteBatch again = db.createWriteBatch()) {
                again.put(b("x"), b("3"));
                again.delete(b("y"));
                applied.apply(second, again, PLAIN);
            }
            assertEquals("3", s(db.get(b("x"))));
            assertEquals("4", s(db.get(b("y"))), "the batch sent again deleted nothing");
            assertEquals(2, applied.duplicates());
        }
    }

    /** App keys on both sides of the hidden range, and right next to it. */
    private static final List<byte[]> VISIBLE = Arrays.asList(b("a"), b("m"),
            bytes(0xFF, 0xFF, 0xFF, 0xFF), bytes(0xFF, 0xFF, 0xFF, 0xFF, 'l'),
            bytes(0xFF, 0xFF, 0xFF, 0xFF, 0xFF), bytes(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01));

    private void fill(LocalEngine db) {
        for (byte[] key : VISIBLE) {
            db.put(key, key);
        }
        for (int writer = 1; writer <= 3; writer++) {
            for (int slot = 0; slot < 5; slot++) {
                for (int seq = 1; seq <= 3; seq++) { // old versions of each proof too
                    db.applied().apply(new WriteId(writer, slot, seq), batch -> { }, PLAIN);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(DbTarget.Engine.class)
    void proofsNeverShowThroughGetsOrForwardIteration(DbTarget.Engine engine) throws Exception {
        try (LocalEngine db = open(engine, 60_000)) {
            fill(db);
            assertNull(db.get(AppliedWrites.keyOf(1, 0)));
            assertNull(db.get(HiddenKeys.first()));
            assertTrue(db.mayHoldHiddenKeys());
            assertKeys(VISIBLE, forward(db, DBIterator::seekToFirst));
            assertKeys(VISIBLE.subList(4, 6), forward(db, it -> it.seek(HiddenKeys.first())));
            assertKeys(VISIBLE.subList(4, 6), forward(db, it -> it.seek(AppliedWrites.keyOf(2, 3))));
            assertKeys(VISIBLE.subList(3, 6), forward(db, it -> it.seek(VISIBLE.get(3))));
            db.delete(VISIBLE.get(4));
            db.delete(VISIBLE.get(5));
            assertKeys(VISIBLE.subList(0, 4), forward(db, DBIterator::seekToFirst));
            assertKeys(Collections.emptyList(), forward(db, it -> it.seek(HiddenKeys.first())));
        }
    }

    @Test
    void proofsNeverShowThroughReverseIteration() throws Exception {
        try (LocalEngine db = open(DbTarget.Engine.JNI, 60_000)) {
            fill(db);
            List<byte[]> reversed = new ArrayList<>(VISIBLE);
            Collections.reverse(reversed);
            assertKeys(reversed, backward(db, DBIterator::seekToLast));
            try (DBIterator it = db.iterator(new ReadOptions())) {
                it.seek(VISIBLE.get(4)); // the first key after the hidden range
                assertTrue(it.hasPrev());
                assertArrayEquals(VISIBLE.get(3), it.peekPrev().getKey());
                assertArrayEquals(VISIBLE.get(4), it.peekNext().getKey(), "peekPrev kept the cursor");
                assertArrayEquals(VISIBLE.get(3), it.prev().getKey());
            }
            db.delete(VISIBLE.get(4));
            db.delete(VISIBLE.get(5));
            try (DBIterator it = db.iterator(new ReadOptions())) {
                it.seekToLast(); // the engine's last entries are proofs now
                assertArrayEquals(VISIBLE.get(3), it.peekNext().getKey());
            }
            assertKeys(reversed.subList(2, 6), backward(db, DBIterator::seekToLast));
        }
    }

    @Test
    void servedGetsAndIteratorsHideProofsAndWritesWithIdsAreAppliedOnce() throws Exception {
        try (LocalEngine db = open(DbTarget.Engine.JNI, 60_000)) {
            fill(db);
            String path = temp.resolve("db-JNI").toFile().getCanonicalPath();
            DbServer server = DbServer.start(db, path, temp.resolve("s.sock"), ServerOptions.defaults());
            try (RemoteDb remote = RemoteDb.connect(server.socketPath(), path, ClientOptions.defaults())) {
                assertNull(remote.get(AppliedWrites.keyOf(1, 0)));
                assertKeys(VISIBLE, forward(remote, DBIterator::seekToFirst));
                List<byte[]> reversed = new ArrayList<>(VISIBLE);
                Collections.reverse(reversed);
                assertKeys(reversed, backward(remote, DBIterator::seekToLast));

                WriteId id = new WriteId(WRITER, 7, 42);
                RemoteDbInternals.put(remote, b("x"), b("1"), PLAIN, id);
                remote.put(b("x"), b("2"));
                RemoteDbInternals.put(remote, b("x"), b("1"), PLAIN, id);
                RemoteDbInternals.delete(remote, b("x"), PLAIN, id);
                assertEquals("2", s(remote.get(b("x"))));
                assertEquals(2, db.applied().duplicates());
            } finally {
                server.close();
            }
        }
    }

    @Test
    void proofsGoWhenTheirWriterSaysItIsDoneOrStaysAwayForItsWindow() throws Exception {
        try (LocalEngine db = open(DbTarget.Engine.JNI, 60_000)) {
            AppliedWrites applied = db.applied();
            applied.writerConnected(1, 200);
            applied.writerConnected(2, 60_000);
            for (int writer = 1; writer <= 2; writer++) {
                for (int slot = 0; slot < 3; slot++) {
                    applied.apply(new WriteId(writer, slot, 1), batch -> { }, PLAIN);
                }
            }
            assertEquals(6, proofsIn(db));
            applied.forget(2);
            assertEquals(3, proofsIn(db), "writer 2 said it is done");
            applied.writerDisconnected(1);
            assertEquals(3, proofsIn(db), "writer 1 may still send a write again");
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (proofsIn(db) > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(0, proofsIn(db), "writer 1 stayed away for its window");
            assertEquals(0, applied.writers());
        }
    }

    @Test
    void aLeaderForgetsWritersThatDoNotComeBackAfterItOpened() throws Exception {
        try (LocalEngine db = open(DbTarget.Engine.JNI, 60_000)) {
            db.applied().apply(new WriteId(1, 0, 1), batch -> { }, PLAIN);
            db.applied().apply(new WriteId(2, 0, 1), batch -> { }, PLAIN);
        }
        try (LocalEngine db = open(DbTarget.Engine.JNI, 300)) {
            assertEquals(2, db.applied().writers());
            db.applied().writerConnected(2, 60_000); // writer 2 comes back; writer 1 never does
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (proofsIn(db) > 1 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(1, proofsIn(db));
            assertEquals(1, db.applied().writers());
        }
    }

    @Test
    void aDbWithACustomOrderKeepsNoProofs() throws Exception {
        File dir = temp.resolve("custom").toFile();
        DB engine = DbTarget.factory(DbTarget.Engine.JNI).open(dir, new Options().createIfMissing(true));
        try (LocalEngine db = LocalEngine.guarded(engine, dir.getCanonicalPath(), 0, LocalEngine.KeyOrder.UNKNOWN,
                60_000)) {
            assertNull(db.applied());
            assertFalse(db.mayHoldHiddenKeys());
            db.put(HiddenKeys.first(), b("v"));
            assertEquals("v", s(db.get(HiddenKeys.first())), "nothing is hidden without proofs");
        }
    }

    private static int proofsIn(LocalEngine db) throws IOException {
        int n = 0;
        try (DBIterator it = db.engine().iterator()) {
            for (it.seek(HiddenKeys.first()); it.hasNext() && HiddenKeys.isHidden(it.peekNext().getKey()); it.next()) {
                n++;
            }
        }
        return n;
    }

    private static List<byte[]> forward(DB db, java.util.function.Consumer<DBIterator> position) throws IOException {
        List<byte[]> keys = new ArrayList<>();
        try (DBIterator it = db.iterator()) {
            position.accept(it);
            while (it.hasNext()) {
                keys.add(it.next().getKey());
            }
        }
        return keys;
    }

    private static List<byte[]> backward(DB db, java.util.function.Consumer<DBIterator> position) throws IOException {
        List<byte[]> keys = new ArrayList<>();
        try (DBIterator it = db.iterator()) {
            position.accept(it);
            if (it.hasNext()) {
                keys.add(it.peekNext().getKey());
            }
            while (it.hasPrev()) {
                keys.add(it.prev().getKey());
            }
        }
        return keys;
    }

    private static void assertKeys(List<byte[]> expected, List<byte[]> actual) {
        Function<List<byte[]>, List<String>> show = list -> {
            List<String> out = new ArrayList<>();
            for (byte[] key : list) {
                out.add(Arrays.toString(key));
            }
            return out;
        };
        assertEquals(show.apply(expected), show.apply(actual));
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String s(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }
}
