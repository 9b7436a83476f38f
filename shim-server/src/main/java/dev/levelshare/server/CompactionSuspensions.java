package dev.levelshare.server;

import org.iq80.leveldb.DB;

/**
 * Every client's compaction suspensions folded into one engine suspension. leveldbjni 1.8 cannot nest them: with one
 * suspension held, a second {@code suspendCompactions()} blocks, and a {@code resumeCompactions()} then blocks forever
 * (verified), which would stop the DB's compactions for good and hang the server's shutdown. So the first suspension
 * (of any client) suspends the engine, later ones only count, and the engine resumes when the last one is undone. A
 * client can only undo its own suspensions ({@link ConnectionResources} tracks them), never another client's.
 */
final class CompactionSuspensions {
    private final DB db;
    private int held; // guarded by this

    CompactionSuspensions(DB db) {
        this.db = db;
    }

    /** Blocks (off the event loop) until the engine's compactions are suspended. */
    synchronized void suspend() throws InterruptedException {
        if (held == 0) {
            db.suspendCompactions();
        }
        held++;
    }

    synchronized void resume() {
        if (held > 0 && --held == 0) {
            db.resumeCompactions();
        }
    }

    synchronized int held() {
        return held;
    }
}
