package dev.levelshare.party;

import dev.levelshare.LevelShareException;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBIterator;
import org.iq80.leveldb.Range;
import org.iq80.leveldb.ReadOptions;
import org.iq80.leveldb.Snapshot;
import org.iq80.leveldb.WriteBatch;
import org.iq80.leveldb.WriteOptions;

import java.io.IOException;

/**
 * The {@link DB} the app gets from {@code DBFactory.open}. Each call goes to whatever the shared directory currently
 * is: the engine's own DB when this process leads (one volatile read and one virtual call more than without
 * levelshare), the leader's socket when it follows. Closing it closes this handle only; the last handle's close stops
 * serving and releases the lock.
 */
final class DbHandle implements DB {
    private final SharedDb shared;
    private final Party party;
    private volatile boolean closed;

    DbHandle(SharedDb shared, Party party) {
        this.shared = shared;
        this.party = party;
    }

    private DB db() {
        if (closed) {
            throw new LevelShareException("levelshare: this DB handle for " + shared.canonicalPath + " is closed");
        }
        return shared.db();
    }

    @Override public byte[] get(byte[] key) { return db().get(key); }
    @Override public byte[] get(byte[] key, ReadOptions options) { return db().get(key, options); }
    @Override public DBIterator iterator() { return db().iterator(); }
    @Override public DBIterator iterator(ReadOptions options) { return db().iterator(options); }
    @Override public void put(byte[] key, byte[] value) { db().put(key, value); }
    @Override public void delete(byte[] key) { db().delete(key); }
    @Override public void write(WriteBatch updates) { db().write(updates); }
    @Override public WriteBatch createWriteBatch() { return db().createWriteBatch(); }
    @Override public Snapshot put(byte[] key, byte[] value, WriteOptions options) { return db().put(key, value, options); }
    @Override public Snapshot delete(byte[] key, WriteOptions options) { return db().delete(key, options); }
    @Override public Snapshot write(WriteBatch updates, WriteOptions options) { return db().write(updates, options); }
    @Override public Snapshot getSnapshot() { return db().getSnapshot(); }
    @Override public long[] getApproximateSizes(Range... ranges) { return db().getApproximateSizes(ranges); }
    @Override public String getProperty(String name) { return db().getProperty(name); }
    @Override public void suspendCompactions() throws InterruptedException { db().suspendCompactions(); }
    @Override public void resumeCompactions() { db().resumeCompactions(); }
    @Override public void compactRange(byte[] begin, byte[] end) { db().compactRange(begin, end); }

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
        return "levelshare DB " + shared.canonicalPath + (shared.role().isLeader() ? " (leader)" : " (follower)");
    }
}
