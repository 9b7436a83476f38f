package dev.levelshare.engine;

import org.iq80.leveldb.DB;

/**
 * Every client's compaction suspensions folded into one engine suspension. leveldbjni 1.8 cannot nest them: with one
 * suspension held, a second {@code suspendCompactions()} blocks, and a {@code resumeCompactions()} then blocks forever
 * (verified), which would stop the DB's compactions for good and hang the server's shutdown. So the first suspension
 * (of any client) suspends the engine, later ones only count, and the engine resumes when the last one is undone. A
 * client can only undo its own suspensions (the server tracks them per connection), never another client's. The
 * serving process's own app and the {@link DiskSpaceGuard} suspend through the same count.
 */
public final class CompactionSuspensions {
    private final DB db;
    private int held; // guarded by this

    CompactionSuspensions(DB db) {
        this.db = db;
    }

    /** Blocks (off any event loop) until the engine's compactions are suspended. */
    public synchronized void suspend() throws InterruptedException {
        if (held == 0) {
            db.suspendCompactions();
        }
        held++;
    }

    public synchronized void resume() {
        if (held > 0 && --held == 0) {
            db.resumeCompactions();
        }
    }

    public synchronized int held() {
        return held;
    }
}
