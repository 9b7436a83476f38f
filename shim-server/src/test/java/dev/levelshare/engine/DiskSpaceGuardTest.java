package dev.levelshare.engine;

import dev.levelshare.DiskFullException;
import dev.levelshare.testing.DbTarget;
import dev.levelshare.testing.SmallDisk;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBIterator;
import org.iq80.leveldb.Options;
import org.iq80.leveldb.WriteBatch;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * On a small real file system: the guard refuses writes before the disk is full (no SIGBUS: this JVM survives), reads
 * keep working, and writes resume by themselves once space is freed, with every acknowledged write kept.
 */
class DiskSpaceGuardTest {
    private static final long MB = 1024 * 1024;
    private static final long MIN_FREE = 32 * MB;

    @TempDir
    Path temp;

    static byte[] key(int i) {
        return String.format("key-%08d", i).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] value(int i) {
        byte[] value = new byte[8192];
        new java.util.Random(i).nextBytes(value); // incompressible: the engines compress tables with snappy
        System.arraycopy(key(i), 0, value, 0, key(i).length);
        return value;
    }

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({"JNI, TMPFS", "JNI, EXT4", "IQ80, TMPFS"})
    void writesStopBeforeTheDiskIsFullAndResumeWhenSpaceIsFreed(DbTarget.Engine engine, SmallDisk.Kind kind)
            throws Exception {
        try (SmallDisk disk = SmallDisk.mount(kind, temp.resolve("mnt"), 128)) {
            Path ballast = disk.fill("ballast", 40);
            File dir = disk.root().resolve("db").toFile();
            String path = dir.getCanonicalPath();
            int acked = 0;
            try (LocalEngine db = LocalEngine.guarded(DbTarget.factory(engine).open(dir,
                    new Options().createIfMissing(true)), path, MIN_FREE, LocalEngine.KeyOrder.BYTEWISE,
                    LocalEngine.DEFAULT_RESEND_WINDOW_MILLIS)) {
                DiskFullException refused = null;
                while (refused == null) {
                    try {
                        db.put(key(acked), value(acked));
                        acked++;
                    } catch (DiskFullException e) {
                        refused = e;
                    }
                    assertTrue(acked < 20_000, "128 MB cannot hold " + acked + " values of 8 KB");
                }
                String message = refused.getMessage();
                assertTrue(message.contains(path) && message.contains("MB free") && message.contains("32.0 MB")
                        && message.contains("minFreeDiskMb"), message);
                assertTrue(disk.freeBytes() > MIN_FREE / 2, "stopped with room to spare: " + disk.freeBytes());
                assertTrue(acked > 1000, "wrote until the reserve: " + acked);

                // Every kind of write is refused; reads, iterators and snapshots work.
                assertThrows(DiskFullException.class, () -> db.delete(key(0)));
                try (WriteBatch batch = db.createWriteBatch()) {
                    batch.put(key(acked), value(acked));
                    assertThrows(DiskFullException.class, () -> db.write(batch));
                }
                assertTrue(db.refusesWrites());
                assertArrayEquals(value(acked - 1), db.get(key(acked - 1)));
                assertEquals(acked, count(db));

                Files.delete(ballast);
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (true) {
                    try {
                        db.put(key(acked), value(acked));
                        acked++;
                        break;
                    } catch (DiskFullException e) {
                        assertTrue(System.nanoTime() < deadline, "writes did not resume after space was freed");
                        Thread.sleep(20); // the guard looks at the free space every 200 ms while refusing
                    }
                }
                try (WriteBatch batch = db.createWriteBatch()) {
                    batch.put(key(acked), value(acked));
                    db.write(batch);
                    acked++;
                }
            }
            try (DB reopened = DbTarget.factory(engine).open(dir, new Options())) {
                for (int i = 0; i < acked; i++) {
                    assertArrayEquals(value(i), reopened.get(key(i)), "acknowledged write " + i);
                }
                assertEquals(acked, count(reopened));
            }
        }
    }

    /** The same guard without a small disk (no root needed): the free space comes from the test. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"JNI", "IQ80"})
    void writesStopWhenTheFreeSpaceFallsBelowTheReserveAndResumeWhenItIsBack(DbTarget.Engine engine)
            throws Exception {
        java.util.concurrent.atomic.AtomicLong free = new java.util.concurrent.atomic.AtomicLong(1024 * MB);
        File dir = temp.resolve("db").toFile();
        String path = dir.getCanonicalPath();
        int acked = 0;
        try (LocalEngine db = LocalEngine.guarded(DbTarget.factory(engine).open(dir,
                new Options().createIfMissing(true)), path, free::get, MIN_FREE, LocalEngine.KeyOrder.BYTEWISE)) {
            for (; acked < 100; acked++) {
                db.put(key(acked), value(acked));
            }
            free.set(MIN_FREE - MB); // another program filled the disk
            DiskFullException refused = null;
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (refused == null) {
                try {
                    db.put(key(acked), value(acked));
                    acked++;
                } catch (DiskFullException e) {
                    refused = e;
                }
                assertTrue(System.nanoTime() < deadline, "writes were not refused");
            }
            assertTrue(refused.getMessage().contains(path) && refused.getMessage().contains("31.0 MB free"),
                    refused.getMessage());
            assertThrows(DiskFullException.class, () -> db.delete(key(0)));
            assertTrue(db.refusesWrites());
            assertArrayEquals(value(acked - 1), db.get(key(acked - 1)), "reads work meanwhile");
            assertEquals(acked, count(db));

            free.set(MIN_FREE + MIN_FREE / 4 - 1); // not yet a quarter more than the reserve: still refused
            Thread.sleep(3 * DiskSpaceGuard.WATCH_MILLIS); // a period in which nothing may change
            assertTrue(db.refusesWrites());
            free.set(MIN_FREE + MIN_FREE / 4);
            deadline = System.nanoTime() + 10_000_000_000L;
            while (db.refusesWrites()) {
                assertTrue(System.nanoTime() < deadline, "writes did not resume");
                Thread.sleep(20); // the guard looks every 200 ms while refusing
            }
            db.put(key(acked), value(acked));
            acked++;
            assertEquals(acked, count(db));
        }
    }

    private static int count(DB db) throws Exception {
        int n = 0;
        try (DBIterator it = db.iterator()) {
            for (it.seekToFirst(); it.hasNext(); it.next()) {
                n++;
            }
        }
        return n;
    }
}
