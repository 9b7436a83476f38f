package dev.levelshare.party;

import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBIterator;
import org.iq80.leveldb.Range;
import org.iq80.leveldb.ReadOptions;
import org.iq80.leveldb.Snapshot;
import org.iq80.leveldb.WriteBatch;
import org.iq80.leveldb.WriteOptions;

/**
 * The DB a {@link ServerRehearsal} serves: empty, holding nothing and touching no disk. It answers the requests a
 * rehearsal makes (a get: not found; a put or delete: dropped); anything else is a bug in the rehearsal and says so.
 */
final class RehearsalDb implements DB {
    @Override
    public byte[] get(byte[] key) {
        return null;
    }

    @Override
    public byte[] get(byte[] key, ReadOptions options) {
        return null;
    }

    private static UnsupportedOperationException notRehearsed() {
        return new UnsupportedOperationException("levelshare: the server rehearsal only gets, puts and deletes");
    }

    @Override public DBIterator iterator() { throw notRehearsed(); }
    @Override public DBIterator iterator(ReadOptions options) { throw notRehearsed(); }
    @Override public void put(byte[] key, byte[] value) {}
    @Override public void delete(byte[] key) {}
    @Override public void write(WriteBatch updates) { throw notRehearsed(); }
    @Override public WriteBatch createWriteBatch() { throw notRehearsed(); }
    @Override public Snapshot put(byte[] key, byte[] value, WriteOptions options) { return null; }
    @Override public Snapshot delete(byte[] key, WriteOptions options) { return null; }
    @Override public Snapshot write(WriteBatch updates, WriteOptions options) { throw notRehearsed(); }
    @Override public Snapshot getSnapshot() { throw notRehearsed(); }
    @Override public long[] getApproximateSizes(Range... ranges) { throw notRehearsed(); }
    @Override public String getProperty(String name) { return null; }
    @Override public void suspendCompactions() { throw notRehearsed(); }
    @Override public void resumeCompactions() { throw notRehearsed(); }
    @Override public void compactRange(byte[] begin, byte[] end) { throw notRehearsed(); }
    @Override public void close() {}
}
