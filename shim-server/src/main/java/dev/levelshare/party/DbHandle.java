package dev.levelshare.party;

import dev.levelshare.LeaderLostException;
import dev.levelshare.LevelShareException;
import dev.levelshare.client.RemoteDbInternals;
import dev.levelshare.protocol.WriteId;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBIterator;
import org.iq80.leveldb.Range;
import org.iq80.leveldb.ReadOptions;
import org.iq80.leveldb.Snapshot;
import org.iq80.leveldb.WriteBatch;
import org.iq80.leveldb.WriteOptions;

import java.io.IOException;

/**
 * The {@link DB} the app gets from {@code DBFactory.open}. While this process leads, each call goes straight to the
 * engine's DB (two volatile reads more than without levelshare). While it follows, calls go to the leader; if the
 * leader goes away mid-call, the call waits for the next leader (possibly this process) and is sent again
 * ({@code retry=true}), or fails with a {@link LeaderLostException} ({@code retry=false}). Reads bound to a snapshot
 * fail instead: the snapshot died with its leader. Closing the handle closes it only; the last handle's close stops
 * serving and releases the lock.
 */
final class DbHandle implements DB {
    private static final WriteOptions DEFAULT_WRITE = new WriteOptions();

    private final SharedDb shared;
    private final Party party;
    private volatile boolean closed;

    DbHandle(SharedDb shared, Party party) {
        this.shared = shared;
        this.party = party;
    }

    /** A call on whichever DB currently serves this directory. */
    @FunctionalInterface
    interface Call<T> {
        T on(DB db);
    }

    /** The engine's DB when this process leads, else null (then use {@link #follow}). */
    private DB local() {
        if (closed) {
            throw closedHandle();
        }
        shared.countCall();
        return shared.localDb();
    }

    private <T> T follow(Snapshot snapshot, Call<T> call) {
        try {
            Role role = shared.usableRole();
            while (true) {
                if (closed) {
                    throw closedHandle();
                }
                if (snapshot != null && !role.owns(snapshot)) {
                    throw snapshotGone(null);
                }
                try {
                    return call.on(role.db());
                } catch (LeaderLostException lost) {
                    shared.retryOrThrow(lost, snapshot != null, "this call", ": it may or may not have been applied");
                    role = shared.recover();
                }
            }
        } catch (RuntimeException e) {
            shared.countFailedCall();
            throw e;
        }
    }

    /** A write on the follow path, by id. */
    @FunctionalInterface
    interface WriteCall {
        Snapshot on(DB db, WriteId id);
    }

    /**
     * {@link #follow} for a write: it keeps one {@link WriteId} however often it is sent (exactly-once: a leader applies
     * it at most once), and the id's slot until its outcome is known.
     */
    private Snapshot followWrite(WriteCall call) {
        WriteIds ids = shared.writeIds();
        WriteId id = ids == null ? null : ids.acquire();
        if (id == null) {
            return follow(null, db -> call.on(db, null));
        }
        Snapshot result;
        try {
            result = follow(null, db -> call.on(db, id));
        } catch (RuntimeException e) {
            if (WriteIds.outcomeKnown(e)) {
                ids.release(id);
            } // else a leader may still apply it late: its slot must never carry a newer write (retired)
            throw e;
        }
        ids.release(id);
        return result;
    }

    /** {@link #follow} for a call that returns nothing. */
    private void followVoid(java.util.function.Consumer<DB> call) {
        follow(null, remote -> {
            call.accept(remote);
            return null;
        });
    }

    private LevelShareException closedHandle() {
        return new LevelShareException("levelshare: this DB handle for " + shared.canonicalPath + " is closed");
    }

    private LeaderLostException snapshotGone(Throwable cause) {
        return shared.snapshotGone(cause);
    }


    /** A snapshot from a leader that is gone cannot be read here, even after this process was promoted. */
    private void checkLocalSnapshot(ReadOptions options) {
        if (options.snapshot() != null && RemoteDbInternals.isRemoteSnapshot(options.snapshot())) {
            throw snapshotGone(null);
        }
    }

    @Override
    public byte[] get(byte[] key) {
        DB db = local();
        return db != null ? db.get(key) : follow(null, remote -> remote.get(key));
    }

    @Override
    public byte[] get(byte[] key, ReadOptions options) {
        DB db = local();
        if (db != null) {
            checkLocalSnapshot(options);
            return db.get(key, options);
        }
        return follow(options.snapshot(), remote -> remote.get(key, options));
    }

    @Override
    public DBIterator iterator() {
        return iterator(new ReadOptions());
    }

    @Override
    public DBIterator iterator(ReadOptions options) {
        DBIterator it = unpositionedIterator(options);
        if (shared.appUsesIq80()) {
            // iq80's iterators start on the first entry, and its apps may rely on it; leveldbjni's (which may lead the
            // DB, see LeadingEngine) start nowhere.
            it.seekToFirst();
        }
        return it;
    }

    private DBIterator unpositionedIterator(ReadOptions options) {
        DB db = local();
        if (db != null) {
            checkLocalSnapshot(options);
            return db.iterator(options); // the engine's as levelshare hands it on (LocalEngine)
        }
        Role role = shared.usableRole();
        if (options.snapshot() != null && !role.owns(options.snapshot())) {
            throw snapshotGone(null);
        }
        return new ResumableIterator(shared, role, options);
    }

    @Override
    public void put(byte[] key, byte[] value) {
        DB db = local();
        if (db != null) {
            db.put(key, value);
        } else {
            followWrite((remote, id) -> IdentifiedWrites.put(remote, id, key, value, DEFAULT_WRITE));
        }
    }

    @Override
    public void delete(byte[] key) {
        DB db = local();
        if (db != null) {
            db.delete(key);
        } else {
            followWrite((remote, id) -> IdentifiedWrites.delete(remote, id, key, DEFAULT_WRITE));
        }
    }

    @Override
    public void write(WriteBatch updates) {
        write(updates, new WriteOptions());
    }

    @Override
    public WriteBatch createWriteBatch() {
        DB db = local();
        return db != null ? db.createWriteBatch() : follow(null, DB::createWriteBatch);
    }

    @Override
    public Snapshot put(byte[] key, byte[] value, WriteOptions options) {
        DB db = local();
        return db != null ? db.put(key, value, options)
                : followWrite((remote, id) -> IdentifiedWrites.put(remote, id, key, value, options));
    }

    @Override
    public Snapshot delete(byte[] key, WriteOptions options) {
        DB db = local();
        return db != null ? db.delete(key, options)
                : followWrite((remote, id) -> IdentifiedWrites.delete(remote, id, key, options));
    }

    @Override
    public Snapshot write(WriteBatch updates, WriteOptions options) {
        DB db = local();
        if (db == null) {
            return followWrite((remote, id) -> IdentifiedWrites.write(remote, id, updates, options));
        }
        // A batch created while this process followed, written after it was promoted, moves into an engine batch.
        return IdentifiedWrites.write(db, null, updates, options);
    }

    @Override
    public Snapshot getSnapshot() {
        DB db = local();
        return db != null ? db.getSnapshot() : follow(null, DB::getSnapshot);
    }

    @Override
    public long[] getApproximateSizes(Range... ranges) {
        DB db = local();
        return db != null ? db.getApproximateSizes(ranges) : follow(null, remote -> remote.getApproximateSizes(ranges));
    }

    @Override
    public String getProperty(String name) {
        DB db = local();
        return db != null ? db.getProperty(name) : follow(null, remote -> remote.getProperty(name));
    }

    /** Suspensions live in the leader: a failover ends them (the new leader never had them). */
    @Override
    public void suspendCompactions() throws InterruptedException {
        local();
        LeaderRole leader = shared.leaderRole();
        if (leader != null) {
            leader.suspendCompactions();
        } else {
            followVoid(remote -> {
                try {
                    remote.suspendCompactions();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new LevelShareException("levelshare: interrupted while suspending compactions", e);
                }
            });
        }
    }

    @Override
    public void resumeCompactions() {
        local();
        LeaderRole leader = shared.leaderRole();
        if (leader != null) {
            leader.resumeCompactions();
        } else {
            followVoid(remote -> remote.resumeCompactions());
        }
    }

    @Override
    public void compactRange(byte[] begin, byte[] end) {
        DB db = local();
        if (db != null) {
            db.compactRange(begin, end);
        } else {
            followVoid(remote -> remote.compactRange(begin, end));
        }
    }

    /** Closes this handle; a second close does nothing, like the engines'. */
    @Override
    public void close() throws IOException {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        party.release(shared);
    }

    @Override
    public String toString() {
        return "levelshare DB " + shared.canonicalPath + (shared.localDb() != null ? " (leader)" : " (follower)");
    }
}
