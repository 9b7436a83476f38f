package dev.levelshare.testing;

import org.iq80.leveldb.DBIterator;

import java.io.IOException;
import java.util.Map;

/** An iterator that forwards every call; tests override the calls they need to observe or limit. */
public class ForwardingIterator implements DBIterator {
    private final DBIterator delegate;

    public ForwardingIterator(DBIterator delegate) {
        this.delegate = delegate;
    }

    @Override public void seek(byte[] key) { delegate.seek(key); }
    @Override public void seekToFirst() { delegate.seekToFirst(); }
    @Override public Map.Entry<byte[], byte[]> peekNext() { return delegate.peekNext(); }
    @Override public boolean hasPrev() { return delegate.hasPrev(); }
    @Override public Map.Entry<byte[], byte[]> prev() { return delegate.prev(); }
    @Override public Map.Entry<byte[], byte[]> peekPrev() { return delegate.peekPrev(); }
    @Override public void seekToLast() { delegate.seekToLast(); }
    @Override public boolean hasNext() { return delegate.hasNext(); }
    @Override public Map.Entry<byte[], byte[]> next() { return delegate.next(); }
    @Override public void remove() { delegate.remove(); }
    @Override public void close() throws IOException { delegate.close(); }
}
