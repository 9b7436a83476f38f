package dev.levelshare.cli;

import dev.levelshare.server.DbServer;
import org.iq80.leveldb.DB;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What {@code serve} must undo when the JVM is asked to stop (SIGTERM, SIGINT), whenever that happens. The hook is
 * installed before the DB is opened, so there is no moment at which the process holds the lock and a signal would end
 * it without stopping the server, closing the DB and removing the socket. A signal that arrives while {@code serve} is
 * still opening or starting waits for that step to finish ({@link #starting()}), then undoes it.
 */
final class SidecarShutdown {
    private static final Logger log = LoggerFactory.getLogger(SidecarShutdown.class);

    private final String canonicalPath;
    private final ReentrantLock lock = new ReentrantLock();
    private final CountDownLatch done = new CountDownLatch(1);
    private DB db; // guarded by lock
    private DbServer server; // guarded by lock
    private boolean stopping; // guarded by lock

    private SidecarShutdown(String canonicalPath) {
        this.canonicalPath = canonicalPath;
    }

    /** Installs the shutdown hook; from now on a signal closes whatever {@link #holds} was given. */
    static SidecarShutdown install(String canonicalPath) {
        SidecarShutdown shutdown = new SidecarShutdown(canonicalPath);
        Runtime.getRuntime().addShutdownHook(new Thread(shutdown::run, "levelshare-shutdown"));
        return shutdown;
    }

    /**
     * Begins a start-up step (opening the DB, starting the server): a signal meanwhile waits for it. Returns false if the
     * JVM is already stopping: then the step must not run. Pair a true result with {@link #started()}.
     */
    boolean starting() {
        lock.lock();
        if (stopping) {
            lock.unlock();
            return false;
        }
        return true;
    }

    void started() {
        lock.unlock();
    }

    /** The DB this process opened (it holds the lock); call between {@link #starting()} and {@link #started()}. */
    void holds(DB db) {
        this.db = db;
    }

    /** The server that serves it; call between {@link #starting()} and {@link #started()}. */
    void serves(DbServer server) {
        this.server = server;
    }

    /** Blocks until the hook has closed everything (the JVM then exits). */
    void await() {
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        lock.lock();
        try {
            stopping = true;
            if (db == null) {
                return; // nothing was opened: nothing to undo
            }
            log.info("shutting down: closing connections, then {}", canonicalPath);
            if (server != null) {
                server.close(); // stops accepting, closes connections, removes the socket
            }
            try {
                db.close();
            } catch (IOException | RuntimeException e) {
                log.warn("closing the DB failed: {}", e.toString());
            }
            log.info("closed {}", canonicalPath);
            // The server loops are the JVM's and outlive the server, asleep in epoll_wait; HotSpot's exit waits for
            // threads in native code (see LoopWakeUps), far longer than the close. Woken regularly from now on, they let
            // the JVM end at once.
            DbServer.beforeJvmExit();
        } finally {
            lock.unlock();
            done.countDown();
        }
    }
}
