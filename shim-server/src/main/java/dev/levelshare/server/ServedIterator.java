package dev.levelshare.server;

import dev.levelshare.protocol.IteratorOp;
import dev.levelshare.protocol.Wire;
import io.netty.buffer.ByteBuf;
import org.iq80.leveldb.DBIterator;

import java.util.Map;
import java.util.NoSuchElementException;

/**
 * An engine iterator held for a client. Operations run on the engine's own iterator so its semantics reach the client
 * unchanged, with one exception: leveldbjni 1.8 dereferences an invalid native iterator in {@code prev()} and
 * {@code peekPrev()} and kills the JVM with SIGSEGV. A client must never be able to crash the leader, so those calls
 * get a {@link NoSuchElementException} instead when the iterator is not positioned on an entry; and its {@code
 * hasPrev()}, which loses entries under concurrent writes, is replaced (see {@link JniReverseGuard}).
 */
final class ServedIterator {
    /** Soft cap of a chunk's payload; the chunk ends after the entry that crosses it. */
    static final int MAX_CHUNK_BYTES = 512 * 1024;

    private final DBIterator iterator;
    private final JniReverseGuard jniGuard; // null for engines that need none
    private boolean closed;

    ServedIterator(DBIterator iterator, String engine) {
        this.iterator = iterator;
        this.jniGuard = Engines.LEVELDBJNI.equals(engine) ? new JniReverseGuard() : null;
    }

    void reposition(byte[] key) {
        iterator.seek(key);
    }

    void seek(byte[] key) {
        if (key == null) {
            // leveldbjni would pass a null pointer to native code; both engines refuse null keys elsewhere with NPE/IAE.
            throw new NullPointerException("seek key is null");
        }
        iterator.seek(key);
    }

    void seekToFirst() {
        iterator.seekToFirst();
    }

    void seekToLast() {
        iterator.seekToLast();
    }

    /** Up to {@code count} entries from next(), each taken only while hasNext(). Writes flags, count and entries. */
    void writeForwardChunk(ByteBuf out, int count) {
        int flagsIndex = out.writerIndex();
        out.writeByte(0);
        int countIndex = out.writerIndex();
        out.writeInt(0);
        int start = out.writerIndex();
        int n = 0;
        boolean ended;
        while (true) {
            if (!iterator.hasNext()) {
                ended = true;
                break;
            }
            if (n == count || out.writerIndex() - start >= MAX_CHUNK_BYTES) {
                ended = false;
                break;
            }
            writeEntry(out, iterator.next());
            n++;
        }
        out.setByte(flagsIndex, ended ? IteratorOp.FLAG_ENDED : 0);
        out.setInt(countIndex, n);
    }

    /**
     * The first prev() runs unconditionally, so the engine's own failure (NoSuchElementException at the first entry,
     * UnsupportedOperationException on iq80) reaches the client; further prev() calls only while hasPrev().
     */
    void writeReverseChunk(ByteBuf out, int count) {
        Map.Entry<byte[], byte[]> first = prev();
        int flagsIndex = out.writerIndex();
        out.writeByte(0);
        int countIndex = out.writerIndex();
        out.writeInt(0);
        int start = out.writerIndex();
        writeEntry(out, first);
        int n = 1;
        boolean ended = false;
        while (n < count && out.writerIndex() - start < MAX_CHUNK_BYTES) {
            if (!hasPrev()) {
                ended = true;
                break;
            }
            writeEntry(out, iterator.prev());
            n++;
        }
        out.setByte(flagsIndex, ended ? IteratorOp.FLAG_ENDED : 0);
        out.setInt(countIndex, n);
    }

    void writePeekPrev(ByteBuf out) {
        requirePositionedForPrev();
        Map.Entry<byte[], byte[]> entry = iterator.peekPrev();
        out.writeByte(0);
        out.writeInt(1);
        writeEntry(out, entry);
    }

    void writeHasPrev(ByteBuf out) {
        out.writeByte(hasPrev() ? IteratorOp.FLAG_TRUE : 0);
        out.writeInt(0);
    }

    /** Closes the engine iterator once; a second close would free native memory twice (leveldbjni). */
    void close() {
        if (!closed) {
            closed = true;
            try {
                iterator.close();
            } catch (Exception e) {
                // Closing frees memory; an engine complaint here leaves nothing for the client to act on.
            }
        }
    }

    private boolean hasPrev() {
        return jniGuard != null ? jniGuard.hasPrev(iterator) : iterator.hasPrev();
    }

    private Map.Entry<byte[], byte[]> prev() {
        requirePositionedForPrev();
        return iterator.prev();
    }

    private void requirePositionedForPrev() {
        if (jniGuard != null) {
            jniGuard.requirePositioned(iterator);
        }
    }

    private static void writeEntry(ByteBuf out, Map.Entry<byte[], byte[]> entry) {
        Wire.writeBytes(out, entry.getKey());
        Wire.writeBytes(out, entry.getValue());
    }
}
