package dev.levelshare.party;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock per directory, held while a directory is opened or released in this process, and forgotten as soon as
 * nobody holds or waits for it: an app that opens and closes thousands of directories over its life (one DB per test,
 * per job, per shown application) leaves nothing behind. {@link ReentrantLock}, not a monitor: an open may wait for an
 * election, and a virtual thread must not pin its carrier meanwhile.
 */
final class PathLocks {
    private final Map<String, Entry> entries = new HashMap<>(); // guarded by this

    private static final class Entry {
        final ReentrantLock lock = new ReentrantLock();
        int users; // holding or waiting; guarded by the PathLocks
    }

    /** A held path lock; {@link #close()} releases it. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /** Blocks until this thread holds the lock of {@code path}. */
    Held lock(String path) {
        Entry entry;
        synchronized (this) {
            entry = entries.computeIfAbsent(path, p -> new Entry());
            entry.users++;
        }
        entry.lock.lock();
        return () -> {
            entry.lock.unlock();
            synchronized (PathLocks.this) {
                if (--entry.users == 0) {
                    entries.remove(path);
                }
            }
        };
    }

    /** Paths with a lock held or awaited right now. */
    synchronized int size() {
        return entries.size();
    }
}
