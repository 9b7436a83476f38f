package dev.levelshare.engine;

import org.iq80.leveldb.DBIterator;

import java.util.AbstractMap;
import java.util.Arrays;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A leveldbjni 1.8 iterator with its reverse iteration repaired; everything else goes to the engine's iterator as is.
 *
 * <ul>
 *   <li>leveldbjni steps back with native prev, next, prev for every {@code prev()} (and prev, next for {@code
 *       hasPrev()}). Those direction switches lose entries when writes land in the DB meanwhile: a reverse scan of one
 *       iterator (one snapshot) can miss the newest entry of a key range next to a busy one. Without levelshare
 *       that takes an app writing while it scans; with levelshare, any other process writing does it. Here {@code prev()} is one native prev, and {@code
 *       peekPrev()} a native prev and a seek back, which never lose an entry.</li>
 *   <li>Its {@code prev()} and {@code peekPrev()} on an iterator past its end dereference an invalid native iterator
 *       and kill the JVM (SIGSEGV); here they throw {@link NoSuchElementException}.</li>
 *   <li>{@code hasPrev()} compares the cursor with the first key of the iterator's snapshot, found once with
 *       {@code seekToFirst} and a seek back (exact: the cursor's key is in that snapshot).</li>
 * </ul>
 *
 * The native iterator is reached through {@link LeveldbjniInternals}; for any other iterator, or if a
 * leveldbjni version lays it out differently, {@link #of} returns the iterator unchanged. Not thread-safe, like the
 * iterator.
 */
public final class RepairedJniIterator implements DBIterator, ForwardChunks {
    private static final ClassValue<LeveldbjniInternals.IteratorMethods> ACCESS =
            new ClassValue<LeveldbjniInternals.IteratorMethods>() {
        @Override
        protected LeveldbjniInternals.IteratorMethods computeValue(Class<?> type) {
            return LeveldbjniInternals.IteratorMethods.find(type);
        }
    };

    private final DBIterator iterator;
    private final Object nativeIterator;
    private final LeveldbjniInternals.IteratorMethods access;
    private byte[] firstKey;
    private JniForwardReader forwardReader; // made at the first forward chunk
    private boolean forwardReaderMade;

    private RepairedJniIterator(DBIterator iterator, Object nativeIterator,
                                LeveldbjniInternals.IteratorMethods access) {
        this.iterator = iterator;
        this.nativeIterator = nativeIterator;
        this.access = access;
    }

    /** The repaired iterator for a leveldbjni iterator; {@code iterator} itself for any other. */
    public static DBIterator of(DBIterator iterator) {
        LeveldbjniInternals.IteratorMethods access = ACCESS.get(iterator.getClass());
        Object nativeIterator = access == null ? null : access.nativeOf(iterator);
        return nativeIterator == null ? iterator : new RepairedJniIterator(iterator, nativeIterator, access);
    }

    /** Moves to the next entry without reading the one it leaves (which the caller has: {@link #peekNext()}). */
    void step() {
        requirePositioned();
        access.call(access.next, nativeIterator);
    }

    /** Runs of entries read with fewer JNI calls than {@link #next()} ({@link JniForwardReader}) where possible. */
    @Override
    public boolean readForward(dev.levelshare.protocol.IteratorCodec.ChunkWriter chunk, int count, int maxBytes) {
        JniForwardReader fast = forwardReader();
        return fast != null ? fast.readInto(chunk, count, maxBytes, false) == JniForwardReader.ENDED
                : ForwardChunks.readWithNext(this, chunk, count, maxBytes);
    }

    /** Reads runs of entries forward with fewer JNI calls than {@link #next()}; null if leveldbjni does not allow it. */
    JniForwardReader forwardReader() {
        if (!forwardReaderMade) {
            forwardReaderMade = true;
            forwardReader = JniForwardReader.of(nativeIterator);
        }
        return forwardReader;
    }

    @Override
    public boolean hasPrev() {
        if (!iterator.hasNext()) {
            return false; // leveldbjni's own answer past the end
        }
        byte[] here = iterator.peekNext().getKey();
        if (firstKey == null) {
            iterator.seekToFirst();
            firstKey = iterator.peekNext().getKey();
            iterator.seek(here);
        }
        return !Arrays.equals(here, firstKey);
    }

    @Override
    public Map.Entry<byte[], byte[]> prev() {
        requirePositioned();
        access.call(access.prev, nativeIterator);
        if (!isValid()) {
            access.call(access.seekToFirst, nativeIterator); // where leveldbjni leaves a failed prev()
            throw new NoSuchElementException();
        }
        return current();
    }

    @Override
    public Map.Entry<byte[], byte[]> peekPrev() {
        requirePositioned();
        byte[] here = (byte[]) access.call(access.key, nativeIterator);
        access.call(access.prev, nativeIterator);
        if (!isValid()) {
            access.call(access.seekToFirst, nativeIterator);
            throw new NoSuchElementException();
        }
        Map.Entry<byte[], byte[]> entry = current();
        access.call(access.seek, nativeIterator, (Object) here);
        return entry;
    }

    private void requirePositioned() {
        if (!isValid()) {
            throw new NoSuchElementException();
        }
    }

    private boolean isValid() {
        return (Boolean) access.call(access.isValid, nativeIterator);
    }

    private Map.Entry<byte[], byte[]> current() {
        return new AbstractMap.SimpleImmutableEntry<>((byte[]) access.call(access.key, nativeIterator),
                (byte[]) access.call(access.value, nativeIterator));
    }

    @Override public void seek(byte[] key) { iterator.seek(key); }
    @Override public void seekToFirst() { iterator.seekToFirst(); }
    @Override public void seekToLast() { iterator.seekToLast(); }
    @Override public Map.Entry<byte[], byte[]> peekNext() { return iterator.peekNext(); }
    @Override public boolean hasNext() { return iterator.hasNext(); }
    @Override public Map.Entry<byte[], byte[]> next() { return iterator.next(); }
    @Override public void remove() { iterator.remove(); }

    @Override
    public void close() throws java.io.IOException {
        iterator.close();
    }

}
