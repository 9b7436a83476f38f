package dev.levelshare.party;

import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where elections run when a leader goes away while the app is not calling (and the MBean is published, off the app's
 * open): daemon threads, created on demand and gone a minute after the last use.
 */
final class FailoverThreads {
    static final Executor INSTANCE;

    static {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), r -> {
                    Thread t = new FailoverThread(r, "levelshare-failover-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        INSTANCE = pool;
    }

    private FailoverThreads() {}

    /** Whether the calling thread is one of these (not an app's). */
    static boolean isCurrent() {
        return Thread.currentThread() instanceof FailoverThread;
    }

    private static final class FailoverThread extends Thread {
        FailoverThread(Runnable task, String name) {
            super(task, name);
        }
    }
}
