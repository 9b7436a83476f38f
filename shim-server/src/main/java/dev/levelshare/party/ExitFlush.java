package dev.levelshare.party;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Most apps never close their DB: they exit (System.exit, SIGTERM, main returning), and their followers take over as
 * from a killed leader, the one promoted replaying the engine's log: up to a write buffer's worth, on top of LevelDB's
 * open. So at a normal exit a shutdown hook flushes the memtable of each DB this JVM leads with followers connected,
 * while they are still served, as a graceful close does. The DB stays open and served for the rest of the exit (the
 * app's own hooks may still use it); the followers take over when the JVM ends, replaying what was written since.
 * A halt or a kill runs no hook: then the write buffer cap bounds the log.
 */
final class ExitFlush {
    private static final Set<SharedDb> OPEN = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean HOOKED = new AtomicBoolean();

    private ExitFlush() {}

    /** Flushes {@code db} at the JVM's exit if it leads then; called when the app opens it, never on a failover. */
    static void watch(SharedDb db) {
        if (HOOKED.compareAndSet(false, true)) {
            try {
                Runtime.getRuntime().addShutdownHook(new Thread(ExitFlush::flushAll, "levelshare-exit-flush"));
            } catch (IllegalStateException e) {
                return; // the JVM is exiting already
            }
        }
        OPEN.add(db);
    }

    /** {@code db} was closed: nothing to flush at exit. */
    static void forget(SharedDb db) {
        OPEN.remove(db);
    }

    private static void flushAll() {
        for (SharedDb db : OPEN) {
            db.flushBeforeExit();
        }
    }
}
