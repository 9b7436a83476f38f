package dev.levelshare.server;

/**
 * The connections of a server whose engine resources (iterators, snapshots) are not released yet. A connection's
 * resources are released by its event loop after the channel closed, so closing the channels does not mean they are
 * gone; {@link DbServer#close()} waits for this count to reach zero, because freeing a snapshot of an engine that was
 * closed meanwhile crashes leveldbjni (SIGSEGV).
 */
final class LiveConnections {
    private int live; // guarded by this

    synchronized void opened() {
        live++;
    }

    synchronized void released() {
        if (--live == 0) {
            notifyAll();
        }
    }

    /** Waits until every connection has released its resources; false if some had not within {@code millis}. */
    synchronized boolean awaitNone(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (live > 0) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return false;
            }
            wait(Math.max(1, remaining / 1_000_000L));
        }
        return true;
    }
}
