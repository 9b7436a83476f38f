package dev.levelshare.engine;

import dev.levelshare.protocol.IteratorCodec;
import org.iq80.leveldb.DBIterator;

import java.io.IOException;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * An engine iterator that never shows the keys levelshare keeps for itself ({@link HiddenKeys}): forward, backward,
 * after seeks, at either end. The hidden keys form one range under the bytewise order, so stepping over them is one
 * seek (to the key after the range going forward, to its first key and one step back going backward), however many
 * there are and however many old versions of them the engine still holds. Everything else is the wrapped iterator's
 * own behaviour, including its exceptions. Not thread-safe, like the iterator.
 *
 * <p>The entry at the cursor is read once to tell whether it is hidden and kept until the cursor moves, so a forward
 * scan reads each entry once, as without this class.
 */
public final class HidingIterator implements DBIterator, ForwardChunks {
    private static final byte[] FIRST = HiddenKeys.first();
    private static final byte[] AFTER = HiddenKeys.after();

    private final DBIterator iterator;
    private final RepairedJniIterator jni; // iterator, if it is leveldbjni's
    private Map.Entry<byte[], byte[]> current; // the visible entry at the cursor, once read; null: not read yet

    private HidingIterator(DBIterator iterator) {
        this.iterator = iterator;
        this.jni = iterator instanceof RepairedJniIterator ? (RepairedJniIterator) iterator : null;
    }

    /**
     * The iterator levelshare hands on for an engine's {@code iterator}: leveldbjni's repaired ({@link
     * RepairedJniIterator}), and hiding levelshare's keys if {@code mayHoldHiddenKeys} (asked after the iterator
     * exists: it reads the DB as it was then, so "no hidden key yet" holds for it).
     */
    static DBIterator over(DBIterator engineIterator, java.util.function.BooleanSupplier mayHoldHiddenKeys) {
        DBIterator iterator = RepairedJniIterator.of(engineIterator);
        return mayHoldHiddenKeys.getAsBoolean() ? new HidingIterator(iterator) : iterator;
    }

    @Override
    public boolean hasNext() {
        if (current != null) {
            return true;
        }
        while (iterator.hasNext()) {
            Map.Entry<byte[], byte[]> entry = iterator.peekNext();
            if (!HiddenKeys.isHidden(entry.getKey())) {
                current = entry;
                return true;
            }
            iterator.seek(AFTER);
        }
        return false;
    }

    @Override
    public Map.Entry<byte[], byte[]> peekNext() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return current;
    }

    @Override
    public Map.Entry<byte[], byte[]> next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Map.Entry<byte[], byte[]> entry = current;
        current = null;
        if (jni != null) {
            jni.step(); // the entry is read already
        } else {
            iterator.next();
        }
        return entry;
    }

    /** leveldbjni's runs are read natively ({@link JniForwardReader}), stopping at the hidden range to seek over it. */
    @Override
    public boolean readForward(IteratorCodec.ChunkWriter chunk, int count, int maxBytes) {
        JniForwardReader fast = jni == null ? null : jni.forwardReader();
        if (fast != null) {
            current = null; // the native read starts at the cursor, the entry read there included
            while (true) {
                int outcome = fast.readInto(chunk, count, maxBytes, true);
                if (outcome != JniForwardReader.AT_HIDDEN) {
                    return outcome == JniForwardReader.ENDED;
                }
                iterator.seek(AFTER);
            }
        }
        return ForwardChunks.readWithNext(this, chunk, count, maxBytes);
    }

    @Override
    public void seek(byte[] key) {
        current = null;
        iterator.seek(key != null && HiddenKeys.isHidden(key) ? AFTER : key);
    }

    @Override
    public void seekToFirst() {
        current = null;
        iterator.seekToFirst();
    }

    @Override
    public void seekToLast() {
        current = null;
        iterator.seekToLast();
        if (iterator.hasNext() && HiddenKeys.isHidden(iterator.peekNext().getKey())) {
            // The last entries are hidden: the last visible one is the one before them, if any.
            iterator.seek(FIRST);
            if (iterator.hasPrev()) {
                iterator.prev();
            } else {
                iterator.seek(AFTER); // nothing visible at all: past the end
            }
        }
    }

    @Override
    public boolean hasPrev() {
        if (!hasNext() || !afterHiddenRange(current.getKey())) {
            return iterator.hasPrev();
        }
        if (!iterator.hasPrev()) {
            return false;
        }
        if (!HiddenKeys.isHidden(iterator.peekPrev().getKey())) {
            return true;
        }
        byte[] here = current.getKey();
        iterator.seek(FIRST);
        boolean any = iterator.hasPrev();
        iterator.seek(here); // the same entry: current stays right
        return any;
    }

    @Override
    public Map.Entry<byte[], byte[]> prev() {
        hasNext(); // off a hidden key first: the cursor is after the range then
        current = null;
        Map.Entry<byte[], byte[]> entry = iterator.prev();
        if (HiddenKeys.isHidden(entry.getKey())) {
            iterator.seek(FIRST);
            entry = iterator.prev();
        }
        return entry;
    }

    @Override
    public Map.Entry<byte[], byte[]> peekPrev() {
        hasNext();
        Map.Entry<byte[], byte[]> entry = iterator.peekPrev();
        if (!HiddenKeys.isHidden(entry.getKey())) {
            return entry;
        }
        byte[] here = current.getKey();
        iterator.seek(FIRST);
        try {
            return iterator.peekPrev();
        } finally {
            iterator.seek(here);
        }
    }

    @Override
    public void remove() {
        iterator.remove();
    }

    @Override
    public void close() throws IOException {
        iterator.close();
    }

    /** Whether {@code key} sorts at or after {@link #AFTER} (bytewise), i.e. hidden keys may come right before it. */
    private static boolean afterHiddenRange(byte[] key) {
        int n = Math.min(key.length, AFTER.length);
        for (int i = 0; i < n; i++) {
            int a = key[i] & 0xFF;
            int b = AFTER[i] & 0xFF;
            if (a != b) {
                return a > b;
            }
        }
        return key.length >= AFTER.length;
    }
}
