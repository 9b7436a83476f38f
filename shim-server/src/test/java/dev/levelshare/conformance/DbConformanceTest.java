package dev.levelshare.conformance;

import dev.levelshare.testing.DbTarget;
import dev.levelshare.testing.DbTarget.Engine;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBIterator;
import org.iq80.leveldb.Range;
import org.iq80.leveldb.ReadOptions;
import org.iq80.leveldb.Snapshot;
import org.iq80.leveldb.WriteBatch;
import org.iq80.leveldb.WriteOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.levelshare.testing.Bytes.b;
import static dev.levelshare.testing.Bytes.key;
import static dev.levelshare.testing.Bytes.s;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DB behaviour, written once and run against every target: each engine directly, and each engine served over a Unix
 * socket. Where the engines differ the expectation names the engine, and the remote must differ the same way. The one
 * deliberate difference: where leveldbjni would crash the JVM (prev() on an unpositioned iterator) the remote throws
 * NoSuchElementException, and the direct-jni target does not run that call.
 */
abstract class DbConformanceTest {
    @TempDir
    Path temp;

    DbTarget target;
    DB db;

    abstract DbTarget open(File dir, Path socketDir) throws IOException;

    @BeforeEach
    void openTarget() throws IOException {
        target = open(temp.resolve("db").toFile(), temp);
        db = target.db;
    }

    @AfterEach
    void closeTarget() throws IOException {
        target.close();
    }

    boolean jni() {
        return target.engine == Engine.JNI;
    }

    void putAll(String... keys) {
        for (String k : keys) {
            db.put(b(k), b("v" + k));
        }
    }

    /** The engine's failure for an operation iq80 does not implement. */
    static void assertUnsupported(Executable call) {
        assertThrows(UnsupportedOperationException.class, call);
    }

    @Test
    void putThenGetReturnsTheValueAndMissingKeysReturnNull() {
        db.put(b("k"), b("v"));
        assertEquals("v", s(db.get(b("k"))));
        assertNull(db.get(b("missing")));
        db.put(b("k"), b("v2"));
        assertEquals("v2", s(db.get(b("k"))));
    }

    @Test
    void deleteRemovesAKeyAndDeletingAMissingKeyIsFine() {
        db.put(b("k"), b("v"));
        db.delete(b("k"));
        assertNull(db.get(b("k")));
        db.delete(b("never-there"));
    }

    @Test
    void emptyKeysAndEmptyValuesAreStoredAndIterated() {
        db.put(new byte[0], new byte[0]);
        db.put(b("a"), new byte[0]);
        assertArrayEquals(new byte[0], db.get(new byte[0]));
        assertArrayEquals(new byte[0], db.get(b("a")));
        try (DBIterator it = db.iterator()) {
            it.seekToFirst();
            Map.Entry<byte[], byte[]> first = it.next();
            assertArrayEquals(new byte[0], first.getKey());
            assertEquals("a", key(it.next()));
            assertFalse(it.hasNext());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void oneMebibyteValuesRoundTripThroughGetAndIterators() throws IOException {
        byte[] big = new byte[1024 * 1024];
        new Random(7).nextBytes(big);
        for (int i = 0; i < 3; i++) {
            db.put(b("big" + i), big);
        }
        assertArrayEquals(big, db.get(b("big1")));
        try (DBIterator it = db.iterator()) {
            it.seekToFirst();
            int n = 0;
            while (it.hasNext()) {
                assertArrayEquals(big, it.next().getValue());
                n++;
            }
            assertEquals(3, n);
        }
    }

    @Test
    void nullKeysAreRefusedWithTheEnginesOwnException() {
        Class<? extends RuntimeException> expected = jni() ? IllegalArgumentException.class : NullPointerException.class;
        RuntimeException getError = assertThrows(expected, () -> db.get(null));
        RuntimeException putError = assertThrows(expected, () -> db.put(null, b("v")));
        if (jni()) {
            assertEquals("The key argument cannot be null", getError.getMessage());
        } else {
            assertEquals("key is null", putError.getMessage());
        }
    }

    @Test
    void writeBatchAppliesPutsAndDeletesTogether() throws IOException {
        putAll("gone", "kept");
        try (WriteBatch batch = db.createWriteBatch()) {
            batch.put(b("a"), b("1")).put(b("b"), b("2")).delete(b("gone"));
            db.write(batch);
        }
        assertEquals("1", s(db.get(b("a"))));
        assertEquals("2", s(db.get(b("b"))));
        assertNull(db.get(b("gone")));
        assertEquals("vkept", s(db.get(b("kept"))));
    }

    @Test
    void syncWritesAndWritesReturningSnapshotsWork() throws IOException {
        assertNull(db.put(b("a"), b("1"), new WriteOptions().sync(true)));
        if (jni()) {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> db.put(b("b"), b("2"), new WriteOptions().snapshot(true)));
            assertEquals("WriteOptions snapshot not supported", e.getMessage());
            return;
        }
        Snapshot afterPut = db.put(b("b"), b("2"), new WriteOptions().snapshot(true));
        assertNotNull(afterPut);
        db.put(b("b"), b("3"));
        assertEquals("2", s(db.get(b("b"), new ReadOptions().snapshot(afterPut))));
        Snapshot afterDelete = db.delete(b("a"), new WriteOptions().snapshot(true));
        db.put(b("a"), b("back"));
        assertNull(db.get(b("a"), new ReadOptions().snapshot(afterDelete)));
        try (WriteBatch batch = db.createWriteBatch()) {
            batch.put(b("c"), b("4"));
            Snapshot afterBatch = db.write(batch, new WriteOptions().snapshot(true).sync(true));
            db.delete(b("c"));
            assertEquals("4", s(db.get(b("c"), new ReadOptions().snapshot(afterBatch))));
            afterBatch.close();
        }
        afterPut.close();
        afterDelete.close();
    }

    @Test
    void snapshotsIsolateReadsAndIteratorsFromLaterWrites() throws IOException {
        putAll("a", "b");
        Snapshot snapshot = db.getSnapshot();
        db.put(b("a"), b("changed"));
        db.put(b("c"), b("new"));
        db.delete(b("b"));
        ReadOptions atSnapshot = new ReadOptions().snapshot(snapshot);
        assertEquals("va", s(db.get(b("a"), atSnapshot)));
        assertEquals("vb", s(db.get(b("b"), atSnapshot)));
        assertNull(db.get(b("c"), atSnapshot));
        assertEquals(List.of("a", "b"), keys(db.iterator(atSnapshot)));
        assertEquals(List.of("a", "c"), keys(db.iterator()));
        snapshot.close();
    }

    @Test
    void readOptionFlagsAreAccepted() {
        putAll("a");
        assertEquals("va", s(db.get(b("a"), new ReadOptions().fillCache(false).verifyChecksums(true))));
    }

    @Test
    void aFreshIteratorIsPositionedTheWayItsEngineDoes() throws IOException {
        putAll("a", "b");
        try (DBIterator it = db.iterator()) {
            if (jni()) {
                assertFalse(it.hasNext(), "leveldbjni 1.8 iterators start unpositioned");
                assertThrows(NoSuchElementException.class, it::peekNext);
            } else {
                assertTrue(it.hasNext(), "iq80 iterators start at the first entry");
                assertEquals("a", key(it.peekNext()));
            }
        }
    }

    @Test
    void iteratingAnEmptyDb() throws IOException {
        try (DBIterator it = db.iterator()) {
            it.seekToFirst();
            assertFalse(it.hasNext());
            assertThrows(NoSuchElementException.class, it::next);
            assertThrows(NoSuchElementException.class, it::peekNext);
            if (jni()) {
                assertFalse(it.hasPrev());
                it.seekToLast();
                assertFalse(it.hasNext());
                if (!target.crashesOnInvalidPrev()) {
                    assertThrows(NoSuchElementException.class, it::prev);
                    assertThrows(NoSuchElementException.class, it::peekPrev);
                }
            } else {
                assertUnsupported(it::hasPrev);
                assertUnsupported(it::prev);
                assertUnsupported(it::seekToLast);
            }
        }
    }

    @Test
    void forwardIterationIsInUnsignedByteOrder() throws IOException {
        byte[][] keys = {{(byte) 0xff}, {0x00}, {0x7f}, {(byte) 0x80}, {0x00, 0x00}, {0x01}};
        for (byte[] k : keys) {
            db.put(k, k);
        }
        List<String> seen = new ArrayList<>();
        try (DBIterator it = db.iterator()) {
            it.seekToFirst();
            while (it.hasNext()) {
                seen.add(Arrays.toString(it.next().getKey()));
            }
        }
        assertEquals(List.of("[0]", "[0, 0]", "[1]", "[127]", "[-128]", "[-1]"), seen);
    }

    @Test
    void seekLandsOnTheFirstKeyAtOrAfterTheTarget() throws IOException {
        putAll("b", "d", "f");
        try (DBIterator it = db.iterator()) {
            it.seek(b("d"));
            assertEquals("d", key(it.peekNext()));
            it.seek(b("c"));
            assertEquals("d", key(it.next()));
            assertEquals("f", key(it.next()));
            assertFalse(it.hasNext());
            it.seek(b("a"));
            assertEquals("b", key(it.next()));
            it.seek(new byte[0]);
            assertEquals("b", key(it.peekNext()));
        }
    }

    @Test
    void seekPastTheEndLeavesNothingToRead() throws IOException {
        putAll("a", "b");
        try (DBIterator it = db.iterator()) {
            it.seek(b("z"));
            assertFalse(it.hasNext());
            assertThrows(NoSuchElementException.class, it::next);
            assertThrows(NoSuchElementException.class, it::peekNext);
            if (jni()) {
                assertFalse(it.hasPrev(), "leveldbjni has no previous entry once past the end");
                if (!target.crashesOnInvalidPrev()) {
                    assertThrows(NoSuchElementException.class, it::prev);
                }
            } else {
                assertUnsupported(it::hasPrev);
            }
            it.seek(b("a"));
            assertEquals("a", key(it.next()));
        }
    }

    @Test
    void prevFromTheFirstEntryFailsAndStaysOnIt() throws IOException {
        putAll("a", "b", "c");
        try (DBIterator it = db.iterator()) {
            it.seekToFirst();
            if (jni()) {
                assertFalse(it.hasPrev());
                assertThrows(NoSuchElementException.class, it::prev);
                assertThrows(NoSuchElementException.class, it::peekPrev);
                assertEquals("a", key(it.next()), "still on the first entry");
            } else {
                assertUnsupported(it::hasPrev);
                assertUnsupported(it::prev);
                assertUnsupported(it::peekPrev);
                assertEquals("a", key(it.next()));
            }
        }
    }

    @Test
    void peekingAtBothEnds() throws IOException {
        putAll("a", "b", "c");
        try (DBIterator it = db.iterator()) {
            it.seekToFirst();
            assertEquals("a", key(it.peekNext()));
            assertEquals("a", key(it.peekNext()), "peeking does not move");
            if (!jni()) {
                assertUnsupported(it::seekToLast);
                return;
            }
            it.seekToLast();
            assertTrue(it.hasNext());
            assertEquals("c", key(it.peekNext()));
            assertEquals("b", key(it.peekPrev()));
            assertEquals("c", key(it.next()));
            assertFalse(it.hasNext());
            assertThrows(NoSuchElementException.class, it::peekNext);
        }
    }

    @Test
    void directionChangesReturnTheEntryJustPassed() throws IOException {
        putAll("a", "b", "c", "d");
        try (DBIterator it = db.iterator()) {
            it.seekToFirst();
            assertEquals("a", key(it.next()));
            assertEquals("b", key(it.next()));
            if (!jni()) {
                assertUnsupported(it::prev);
                return;
            }
            assertEquals("b", key(it.prev()));
            assertEquals("a", key(it.prev()));
            assertThrows(NoSuchElementException.class, it::prev);
            assertEquals("a", key(it.next()));
            assertEquals("b", key(it.next()));
            assertEquals("c", key(it.peekNext()));
            assertEquals("b", key(it.peekPrev()));
            assertTrue(it.hasPrev());
            assertEquals("c", key(it.next()));
            assertEquals("c", key(it.prev()));
            assertEquals("c", key(it.next()));
            assertEquals("d", key(it.next()));
            assertFalse(it.hasNext());
        }
    }

    @Test
    void reverseScanFromTheLastEntryVisitsEveryKeyOnce() throws IOException {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            String k = String.format("k%05d", i);
            db.put(b(k), b("v"));
            expected.add(0, k);
        }
        try (DBIterator it = db.iterator()) {
            if (!jni()) {
                assertUnsupported(it::seekToLast);
                return;
            }
            it.seekToLast();
            List<String> seen = new ArrayList<>();
            seen.add(key(it.peekNext())); // on the last entry; prev() returns the ones before it
            while (it.hasPrev()) {
                seen.add(key(it.prev()));
            }
            assertEquals(expected, seen);
        }
    }

    @Test
    void aLongScanWithDirectionChangesMidChunkMatchesACursorModel() throws IOException {
        int n = 5000;
        for (int i = 0; i < n; i++) {
            db.put(b(String.format("k%05d", i)), b("v" + i));
        }
        try (DBIterator it = db.iterator()) {
            it.seekToFirst();
            int cursor = 0; // index of the entry next() returns
            for (int i = 0; i < 1500; i++) {
                assertEquals(String.format("k%05d", cursor++), key(it.next()));
            }
            if (!jni()) {
                return;
            }
            for (int i = 0; i < 700; i++) {
                assertEquals(String.format("k%05d", --cursor), key(it.prev()));
            }
            for (int i = 0; i < 2000; i++) {
                assertEquals(String.format("k%05d", cursor++), key(it.next()));
            }
            assertEquals(String.format("k%05d", cursor - 1), key(it.peekPrev()));
            assertEquals(String.format("k%05d", cursor), key(it.peekNext()));
            while (it.hasNext()) {
                assertEquals(String.format("k%05d", cursor++), key(it.next()));
            }
            assertEquals(n, cursor);
        }
    }

    @Test
    void anIteratorDoesNotSeeWritesMadeAfterItWasCreated() throws IOException {
        putAll("a", "c");
        try (DBIterator it = db.iterator()) {
            db.put(b("b"), b("new"));
            db.delete(b("c"));
            db.put(b("a"), b("changed"));
            it.seekToFirst();
            Map.Entry<byte[], byte[]> a = it.next();
            assertEquals("a", key(a));
            assertEquals("va", s(a.getValue()));
            db.put(b("d"), b("during"));
            assertEquals("c", key(it.next()));
            assertFalse(it.hasNext());
        }
        assertEquals(List.of("a", "b", "d"), keys(db.iterator()));
    }

    @Test
    void iteratorsDoNotSupportRemove() throws IOException {
        putAll("a");
        try (DBIterator it = db.iterator()) {
            it.seekToFirst();
            it.next();
            assertThrows(UnsupportedOperationException.class, it::remove);
        }
    }

    @Test
    void manyThreadsWriteAndReadConcurrently() throws Exception {
        int threads = 16;
        int perThread = 500;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        byte[] k = b("t" + id + "-" + i);
                        db.put(k, k);
                        assertArrayEquals(k, db.get(k));
                        if (i % 50 == 0) {
                            try (DBIterator it = db.iterator()) {
                                it.seek(b("t" + id + "-"));
                                assertTrue(it.hasNext());
                            } catch (IOException e) {
                                throw new AssertionError(e);
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(threads * perThread, keys(db.iterator()).size());
    }

    @Test
    void approximateSizesAndProperties() {
        putAll("a", "b");
        long[] sizes = db.getApproximateSizes(new Range(b("a"), b("z")), new Range(b("x"), b("y")));
        assertEquals(2, sizes.length);
        assertNull(db.getProperty("no.such.property"));
        if (jni()) {
            assertNotNull(db.getProperty("leveldb.stats"));
        } else {
            assertNull(db.getProperty("leveldb.stats"), "iq80 0.12 has no stats property");
        }
    }

    @Test
    void compactRangeWorksWhereTheEngineImplementsIt() {
        putAll("a", "b");
        if (jni()) {
            db.compactRange(null, null);
            db.compactRange(b("a"), b("b"));
            assertEquals("va", s(db.get(b("a"))));
        } else {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> db.compactRange(b("a"), b("b")));
            assertEquals("Not yet implemented", e.getMessage());
        }
    }

    @Test
    void compactionsCanBeSuspendedAndResumed() throws Exception {
        db.suspendCompactions();
        db.put(b("a"), b("during suspension"));
        db.resumeCompactions();
        assertEquals("during suspension", s(db.get(b("a"))));
    }

    @Test
    void aClosedDbRefusesFurtherCalls() throws IOException {
        db.close();
        assertThrows(RuntimeException.class, () -> db.get(b("a")));
        db.close(); // a second close is harmless on every target (and teardown closes once more)
    }

    static List<String> keys(DBIterator it) {
        List<String> keys = new ArrayList<>();
        try (DBIterator iterator = it) {
            iterator.seekToFirst();
            while (iterator.hasNext()) {
                keys.add(key(iterator.next()));
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return keys;
    }
}
