package dev.levelshare.testing;

import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBIterator;
import org.iq80.leveldb.Range;
import org.iq80.leveldb.ReadOptions;
import org.iq80.leveldb.Snapshot;
import org.iq80.leveldb.WriteBatch;
import org.iq80.leveldb.WriteOptions;

import java.io.IOException;

/** A DB that forwards every call; tests override the calls whose timing they need to control. */
public class ForwardingDb implements DB {
    protected final DB delegate;

    public ForwardingDb(DB delegate) {
        this.delegate = delegate;
    }

    @Override public byte[] get(byte[] key) { return delegate.get(key); }
    @Override public byte[] get(byte[] key, ReadOptions options) { return delegate.get(key, options); }
    @Override public DBIterator iterator() { return delegate.iterator(); }
    @Override public DBIterator iterator(ReadOptions options) { return delegate.iterator(options); }
    @Override public void put(byte[] key, byte[] value) { delegate.put(key, value); }
    @Override public void delete(byte[] key) { delegate.delete(key); }
    @Override public void write(WriteBatch updates) { delegate.write(updates); }
    @Override public WriteBatch createWriteBatch() { return delegate.createWriteBatch(); }
    @Override public Snapshot put(byte[] key, byte[] value, WriteOptions options) { return delegate.put(key, value, options); }
    @Override public Snapshot delete(byte[] key, WriteOptions options) { return delegate.delete(key, options); }
    @Override public Snapshot write(WriteBatch updates, WriteOptions options) { return delegate.write(updates, options); }
    @Override public Snapshot getSnapshot() { return delegate.getSnapshot(); }
    @Override public long[] getApproximateSizes(Range... ranges) { return delegate.getApproximateSizes(ranges); }
    @Override public String getProperty(String name) { return delegate.getProperty(name); }
    @Override public void suspendCompactions() throws InterruptedException { delegate.suspendCompactions(); }
    @Override public void resumeCompactions() { delegate.resumeCompactions(); }
    @Override public void compactRange(byte[] begin, byte[] end) { delegate.compactRange(begin, end); }
    @Override public void close() throws IOException { delegate.close(); }
}
