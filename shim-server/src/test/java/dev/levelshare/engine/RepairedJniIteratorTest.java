package dev.levelshare.engine;

import org.fusesource.leveldbjni.JniDBFactory;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBIterator;
import org.iq80.leveldb.Options;
import org.iq80.leveldb.impl.Iq80DBFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import static dev.levelshare.testing.Bytes.b;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * leveldbjni's own reverse scan of one iterator misses entries while other threads write (every scan, in the
 * experiment that found it); the repaired one must see exactly what a forward scan of the same iterator sees.
 */
class RepairedJniIteratorTest {
    @TempDir
    Path temp;

    private static final int KEYS_PER_WRITER = 100_000;

    @Test
    void reverseScansOfOneSnapshotMatchItsForwardScanWhileOthersWrite() throws Exception {
        DB db = JniDBFactory.factory.open(temp.resolve("db").toFile(), new Options().createIfMissing(true));
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger written = new AtomicInteger();
        List<Thread> writers = new ArrayList<>();
        try {
            for (int w = 0; w < 3; w++) {
                String prefix = "w" + w;
                Thread writer = new Thread(() -> {
                    for (int i = 0; !stop.get(); i++) {
                        // New keys up to a bound, then new versions of them: a scan's cost stays bounded however
                        // long the scans take on a busy machine (they ran for minutes as the DB kept growing).
                        db.put(b(String.format("%s-%08d", prefix, i % KEYS_PER_WRITER)), b("v" + i));
                        written.incrementAndGet();
                        if (i % 50 == 0) {
                            LockSupport.parkNanos(100_000); // leave the scanning thread some CPU on small machines
                        }
                    }
                });
                writer.start();
                writers.add(writer);
            }
            awaitWritten(written, 3_000);
            for (int scan = 0; scan < 8; scan++) {
                int before = written.get();
                try (DBIterator it = RepairedJniIterator.of(db.iterator())) {
                    it.seekToFirst();
                    byte[] first = it.peekNext().getKey();
                    int forward = 0;
                    while (it.hasNext()) {
                        it.next();
                        forward++;
                    }
                    it.seekToLast();
                    byte[] previous = it.peekNext().getKey();
                    int reverse = 1;
                    while (it.hasPrev()) {
                        Map.Entry<byte[], byte[]> peeked = it.peekPrev();
                        Map.Entry<byte[], byte[]> entry = it.prev();
                        assertArrayEquals(peeked.getKey(), entry.getKey(), "peekPrev() showed what prev() returned");
                        assertTrue(compare(entry.getKey(), previous) < 0, "strictly descending");
                        previous = entry.getKey();
                        reverse++;
                    }
                    assertArrayEquals(first, previous, "the reverse scan ends at the first key");
                    assertEquals(forward, reverse, "scan " + scan + ": entries forward vs in reverse, same snapshot");
                }
                awaitWritten(written, before + 300); // writes landed during the scans
            }
        } finally {
            stop.set(true);
            for (Thread writer : writers) {
                writer.join();
            }
            db.close();
        }
    }

    @Test
    void reverseStepsPastEitherEndThrowInsteadOfCrashingAndLeaveTheIteratorUsable() throws Exception {
        DB db = JniDBFactory.factory.open(temp.resolve("ends").toFile(), new Options().createIfMissing(true));
        try {
            db.put(b("a"), b("1"));
            db.put(b("b"), b("2"));
            try (DBIterator it = RepairedJniIterator.of(db.iterator())) {
                it.seekToFirst();
                assertFalse(it.hasPrev());
                assertThrows(NoSuchElementException.class, it::prev);
                assertThrows(NoSuchElementException.class, it::peekPrev);
                assertArrayEquals(b("a"), it.next().getKey(), "still at the first entry");
                assertArrayEquals(b("a"), it.peekPrev().getKey());
                assertArrayEquals(b("b"), it.peekNext().getKey(), "peekPrev() did not move the cursor");
                it.next();
                // Past the end: leveldbjni's own prev() here dereferences an invalid native iterator (SIGSEGV).
                assertFalse(it.hasNext());
                assertFalse(it.hasPrev(), "leveldbjni's answer past the end");
                assertThrows(NoSuchElementException.class, it::prev);
                assertThrows(NoSuchElementException.class, it::peekPrev);
                it.seekToLast();
                assertArrayEquals(b("a"), it.prev().getKey());
                assertEquals("1", new String(it.peekNext().getValue(), StandardCharsets.UTF_8));
            }
        } finally {
            db.close();
        }
    }

    @Test
    void otherEnginesIteratorsAreLeftAlone() throws Exception {
        DB jni = JniDBFactory.factory.open(temp.resolve("jni").toFile(), new Options().createIfMissing(true));
        DB iq80 = Iq80DBFactory.factory.open(temp.resolve("iq80").toFile(), new Options().createIfMissing(true));
        try (DBIterator jniIterator = jni.iterator(); DBIterator iq80Iterator = iq80.iterator()) {
            assertNotSame(jniIterator, RepairedJniIterator.of(jniIterator));
            assertSame(iq80Iterator, RepairedJniIterator.of(iq80Iterator));
        } finally {
            jni.close();
            iq80.close();
        }
    }

    private static void awaitWritten(AtomicInteger written, int atLeast) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (written.get() < atLeast) {
            assertTrue(System.nanoTime() < deadline, "the writer threads stopped at " + written.get() + " puts");
            Thread.onSpinWait();
        }
    }

    private static int compare(byte[] a, byte[] b) {
        return java.util.Arrays.compareUnsigned(a, b);
    }
}
