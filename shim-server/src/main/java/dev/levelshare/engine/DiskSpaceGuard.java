package dev.levelshare.engine;

import dev.levelshare.DiskFullException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Stops the engine's writes before its disk is full. leveldbjni 1.8 writes its log and tables through memory-mapped
 * files, and a page that cannot be backed by disk kills the JVM with SIGBUS (iq80 fails with an {@code InternalError}
 * from inside its writer): a full disk would take down the process that holds the DB, and with it every process that
 * shares it, one promotion at a time.
 *
 * <p>So the guard keeps {@code minFreeBytes} free for what the engine writes on its own (a memtable flush, a
 * compaction, the recovery of the next open). It looks at the file system's free space (one statvfs) every
 * {@value #RECHECK_MILLIS} ms while writes flow, and sooner when the writes since the last look could have used the
 * room it saw (each counted twice: once in the log, once when flushed to a table). Once the room is gone it refuses
 * every write with a {@link DiskFullException}, suspends compactions, and watches the free space (every
 * {@value #WATCH_MILLIS} ms, only while refusing); once a quarter more than the limit is free it resumes compactions
 * and accepts writes again. An idle DB costs nothing: there is no thread while writes are accepted.
 */
final class DiskSpaceGuard {
    private static final Logger log = LoggerFactory.getLogger(DiskSpaceGuard.class);
    static final long RECHECK_MILLIS = 10;
    static final long WATCH_MILLIS = 200;
    /** What a write costs besides its bytes (the log record's header, the memtable entry). */
    private static final long WRITE_OVERHEAD_BYTES = 64;
    private static final double MB = 1024.0 * 1024.0;

    private final String dir;
    private final FreeSpace freeSpace;
    private final long minFreeBytes;
    private final CompactionSuspensions suspensions;
    /** Bytes that may be written before the free space is looked at again. */
    private final AtomicLong budget = new AtomicLong();
    private volatile long checkedAt = System.nanoTime() - TimeUnit.DAYS.toNanos(1);
    /** Non-null while writes are refused: the message they fail with. */
    private volatile String refusal;
    private final ReentrantLock lock = new ReentrantLock();
    private Thread watcher; // guarded by lock
    private boolean closed; // guarded by lock

    /** Where the guard reads the free space of the DB's file system: the file system itself, or a test's figure. */
    @FunctionalInterface
    interface FreeSpace {
        long freeBytes();

        /** statvfs of the directory itself (java.io.File: no scan of the mount table, unlike a FileStore). */
        static FreeSpace of(String dir) {
            File file = new File(dir);
            return () -> {
                long free = file.getUsableSpace();
                // The directory went away: cannot tell, and the engine's own error is what counts.
                return free == 0 && !file.isDirectory() ? Long.MAX_VALUE : free;
            };
        }
    }

    /** A guard of {@code dir}'s file system; {@code minFreeBytes} 0 turns it off. */
    static DiskSpaceGuard of(String dir, long minFreeBytes, CompactionSuspensions suspensions) {
        return new DiskSpaceGuard(dir, FreeSpace.of(dir), minFreeBytes, suspensions);
    }

    /** A guard that reads the free space from {@code freeSpace}. */
    static DiskSpaceGuard of(String dir, FreeSpace freeSpace, long minFreeBytes, CompactionSuspensions suspensions) {
        return new DiskSpaceGuard(dir, freeSpace, minFreeBytes, suspensions);
    }

    private DiskSpaceGuard(String dir, FreeSpace freeSpace, long minFreeBytes, CompactionSuspensions suspensions) {
        this.dir = dir;
        this.freeSpace = freeSpace;
        this.minFreeBytes = minFreeBytes;
        this.suspensions = suspensions;
    }

    boolean isOn() {
        return minFreeBytes > 0;
    }

    long minFreeBytes() {
        return minFreeBytes;
    }

    /** Refuses a write of about {@code bytes} bytes if the disk lacks room for it and the engine's reserve. */
    void beforeWrite(long bytes) {
        if (minFreeBytes == 0) {
            return;
        }
        String refused = refusal;
        if (refused != null) {
            throw new DiskFullException(refused);
        }
        long cost = 2 * bytes + WRITE_OVERHEAD_BYTES;
        if (budget.addAndGet(-cost) < 0
                || System.nanoTime() - checkedAt > TimeUnit.MILLISECONDS.toNanos(RECHECK_MILLIS)) {
            recheck(cost);
        }
    }

    /** Refuses work that writes without adding data (a compaction of a range) while writes are refused. */
    void beforeCompaction() {
        String refused = refusal;
        if (refused != null) {
            throw new DiskFullException(refused);
        }
    }

    /** True while writes are refused. */
    boolean isRefusing() {
        return refusal != null;
    }

    private void recheck(long cost) {
        lock.lock();
        try {
            if (refusal != null) {
                throw new DiskFullException(refusal);
            }
            long free = freeBytes();
            checkedAt = System.nanoTime();
            long room = free - minFreeBytes;
            if (room >= cost) {
                budget.set(room - cost);
                return;
            }
            refusal = "levelshare: write to " + dir + " refused: its disk has " + megabytes(free)
                    + " MB free, less than the " + megabytes(minFreeBytes) + " MB levelshare keeps free for the"
                    + " engine (setting minFreeDiskMb); writes resume by themselves once space is freed";
            log.warn("{} has {} MB free, less than the {} MB kept for the engine: refusing writes and suspending"
                    + " compactions until space is freed", dir, megabytes(free), megabytes(minFreeBytes));
            if (!closed && watcher == null) {
                watcher = new Thread(this::watch, "levelshare-disk-watch");
                watcher.setDaemon(true);
                watcher.start();
            }
            throw new DiskFullException(refusal);
        } finally {
            lock.unlock();
        }
    }

    /** While writes are refused: compactions suspended, free space watched until a quarter more than the limit. */
    private void watch() {
        boolean suspended = false;
        try {
            suspensions.suspend(); // waits for a compaction in progress: the reserve is there for it
            suspended = true;
            long resumeAt = minFreeBytes + minFreeBytes / 4;
            while (!isClosed()) {
                long free = freeBytes();
                if (free >= resumeAt) {
                    suspensions.resume();
                    suspended = false;
                    lock.lock();
                    try {
                        budget.set(0); // the next write looks again
                        refusal = null;
                        watcher = null;
                    } finally {
                        lock.unlock();
                    }
                    log.info("{} has {} MB free again: writes and compactions resume", dir, megabytes(free));
                    return;
                }
                Thread.sleep(WATCH_MILLIS); // nothing to await but another process freeing space
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (suspended) {
                suspensions.resume();
            }
        }
    }

    private boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** Stops watching and undoes the guard's suspension, so the engine can be closed (never while suspended). */
    void close() {
        Thread w;
        lock.lock();
        try {
            closed = true;
            w = watcher;
        } finally {
            lock.unlock();
        }
        if (w != null) {
            w.interrupt();
            try {
                w.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private long freeBytes() {
        return freeSpace.freeBytes();
    }

    static String megabytes(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f", bytes / MB);
    }
}
