package dev.levelshare.client;

import dev.levelshare.transport.LoopWakeUps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Watches the {@link ChannelConnection}s of this process while no caller reads them. Callers read their own answers;
 * when nobody calls, nobody would notice that the leader went away (the socket's end of stream), nor read answers to
 * requests nobody awaits. One daemon thread per process does: it waits in a selector for any idle connection to become
 * readable, then reads it like a caller would (a lost connection starts the election at once).
 *
 * <p>A connection is watched only after {@value #IDLE_MILLIS} ms without a reader: watching it while callers read
 * would wake this thread at every answer. A caller that starts reading unwatches it (the watcher may then wake once,
 * for an answer the caller reads). While some connection is in use but not yet watched, the thread looks every
 * {@value #IDLE_MILLIS} ms whether it became idle; when every connection is watched (or there are none), it sleeps
 * until one becomes readable: an idle process costs nothing.
 */
final class IdleWatcher {
    private static final Logger log = LoggerFactory.getLogger(IdleWatcher.class);
    static final long IDLE_MILLIS = 50;

    static final IdleWatcher INSTANCE = new IdleWatcher();

    private final Set<ChannelConnection> connections = ConcurrentHashMap.newKeySet();
    private Selector selector; // created with the thread
    private Thread thread;
    private volatile long longestWaitMillis; // 0: as long as nothing happens; set at the JVM's exit (LoopWakeUps)

    private IdleWatcher() {}

    /** Starts watching a new connection (once it has been idle for a while). */
    void watch(ChannelConnection connection) {
        Selector s;
        synchronized (this) {
            if (thread == null) {
                try {
                    selector = Selector.open();
                } catch (IOException e) {
                    log.warn("cannot watch idle connections ({}); an idle follower notices a lost leader at its next"
                            + " call", e.toString());
                    return;
                }
                thread = new Thread(this::run, "levelshare-idle-watch");
                thread.setDaemon(true);
                thread.start();
            }
            s = selector;
        }
        connections.add(connection);
        s.wakeup(); // it looks at the new connection, to watch it once it is idle
    }

    /** From now on the thread leaves its selector every {@code periodMillis} at the latest (see {@link LoopWakeUps}). */
    void wakeRegularly(long periodMillis) {
        longestWaitMillis = periodMillis;
        Selector s;
        synchronized (this) {
            s = selector;
        }
        if (s != null) {
            s.wakeup();
        }
    }

    /** A caller reads the connection now: stop waiting for it to become readable. */
    void unwatch(ChannelConnection connection) {
        connection.watched = false;
        SelectionKey key = connection.watchKey;
        if (key != null) {
            try {
                key.interestOps(0);
            } catch (CancelledKeyException e) {
                // closed meanwhile
            }
        }
    }

    private void run() {
        while (true) {
            try {
                boolean busy = armIdleConnections();
                long longest = longestWaitMillis;
                long wait = busy ? IDLE_MILLIS : 0;
                selector.select(longest == 0 ? wait : wait == 0 ? longest : Math.min(wait, longest));
                for (SelectionKey key : selector.selectedKeys()) {
                    ((ChannelConnection) key.attachment()).readWhileIdle();
                }
                selector.selectedKeys().clear();
            } catch (IOException | RuntimeException e) {
                log.debug("idle watch: {}", e.toString());
            }
        }
    }

    /** Watches every connection idle long enough; true if some open connection is in use and not watched yet. */
    private boolean armIdleConnections() {
        boolean busy = false;
        long now = System.nanoTime();
        for (ChannelConnection c : connections) {
            if (!c.isOpen()) {
                connections.remove(c);
                SelectionKey key = c.watchKey;
                if (key != null) {
                    key.cancel();
                }
                continue;
            }
            if (c.watched) {
                continue;
            }
            if (c.idle() && now - c.lastReadNanos >= TimeUnit.MILLISECONDS.toNanos(IDLE_MILLIS)) {
                try {
                    if (c.watchKey == null) {
                        c.watchKey = c.register(selector, c);
                    }
                    c.watched = true;
                    c.watchKey.interestOps(SelectionKey.OP_READ);
                } catch (ClosedChannelException | CancelledKeyException e) {
                    connections.remove(c);
                }
            } else {
                busy = true;
            }
        }
        return busy;
    }
}
