package dev.levelshare.server;

import org.iq80.leveldb.DBIterator;

import java.util.Arrays;
import java.util.NoSuchElementException;

/**
 * Reverse iteration on a leveldbjni 1.8 iterator without its two defects:
 * <ul>
 *   <li>{@code prev()} and {@code peekPrev()} of an iterator past its end dereference an invalid native iterator and
 *       kill the JVM (SIGSEGV): refused with {@link NoSuchElementException} instead;</li>
 *   <li>{@code hasPrev()} (prev, test, next) loses an entry of a reverse scan when other writes land in the DB
 *       meanwhile (the native iterator mishandles the direction switches over newer, invisible entries; measured:
 *       {@code hasPrev(); prev()} skips the first key of a prefix next to a busy one): answered instead by comparing
 *       the cursor with the first key of the iterator's snapshot, found once with {@code seekToFirst} and a
 *       {@code seek} back (exact: the cursor's key is in that snapshot).</li>
 * </ul>
 * One per iterator; not thread-safe, like the iterator.
 */
public final class JniReverseGuard {
    private byte[] firstKey;

    public boolean hasPrev(DBIterator iterator) {
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

    public void requirePositioned(DBIterator iterator) {
        if (!iterator.hasNext()) {
            throw new NoSuchElementException();
        }
    }
}
