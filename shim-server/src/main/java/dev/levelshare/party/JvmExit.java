package dev.levelshare.party;

import dev.levelshare.client.RemoteDbInternals;
import dev.levelshare.server.DbServer;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What levelshare does when the JVM exits normally (System.exit, SIGTERM, main returning), in a shutdown hook.
 *
 * <p>Most apps never close their DB: they exit, and their followers take over as from a killed leader, the one promoted
 * replaying the engine's log (up to a write buffer's worth, on top of LevelDB's open). So the memtable of each DB this
 * JVM leads with followers connected is flushed while they are still served, as a graceful close does. The DB stays
 * open and served for the rest of the exit (the app's own hooks may still use it); the followers take over when the
 * JVM ends, replaying what was written since.
 *
 * <p>Then levelshare's event loops stop sleeping in native code, which HotSpot would otherwise wait up to 300 ms for
 * at the very end, every Java thread stopped and the followers unanswered ({@link dev.levelshare.transport.LoopWakeUps}).
 * A halt or a kill runs no hook: then the write buffer cap bounds the log, and the kernel ends the process at once.
 */
final class JvmExit {
    private static final Set<DirectoryRole> OPEN = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean HOOKED = new AtomicBoolean();

    private JvmExit() {}

    /** Flushes {@code db} at the JVM's exit if it leads then; called when the app opens it, never on a failover. */
    static void watch(DirectoryRole db) {
        if (HOOKED.compareAndSet(false, true)) {
            try {
                Runtime.getRuntime().addShutdownHook(new Thread(JvmExit::run, "levelshare-exit"));
            } catch (IllegalStateException e) {
                return; // the JVM is exiting already
            }
        }
        OPEN.add(db);
    }

    /** {@code db} was closed: nothing to flush at exit. */
    static void forget(DirectoryRole db) {
        OPEN.remove(db);
    }

    private static void run() {
        for (DirectoryRole db : OPEN) {
            db.beforeJvmExit();
        }
        DbServer.beforeJvmExit();
        RemoteDbInternals.beforeJvmExit();
    }
}
