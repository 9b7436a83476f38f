package dev.levelshare.server;

import dev.levelshare.protocol.IteratorOp;
import dev.levelshare.protocol.Wire;
import io.netty.buffer.ByteBuf;
import org.iq80.leveldb.DBIterator;

import java.util.Map;

/**
 * An engine iterator held for a client. Operations run on the engine's own iterator so its semantics reach the client
 * unchanged, except leveldbjni's reverse iteration, which can kill the leader (SIGSEGV) and loses entries under
 * concurrent writes: it is repaired ({@link RepairedJniIterator}).
 */
final class ServedIterator {
    /** Soft cap of a chunk's payload; the chunk ends after the entry that crosses it. */
    static final int MAX_CHUNK_BYTES = 512 * 1024;

    private final DBIterator iterator;
    private boolean closed;

    ServedIterator(DBIterator iterator) {
        this.iterator = RepairedJniIterator.of(iterator);
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
        Map.Entry<byte[], byte[]> first = iterator.prev();
        int flagsIndex = out.writerIndex();
        out.writeByte(0);
        int countIndex = out.writerIndex();
        out.writeInt(0);
        int start = out.writerIndex();
        writeEntry(out, first);
        int n = 1;
        boolean ended = false;
        while (n < count && out.writerIndex() - start < MAX_CHUNK_BYTES) {
            if (!iterator.hasPrev()) {
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
        Map.Entry<byte[], byte[]> entry = iterator.peekPrev();
        out.writeByte(0);
        out.writeInt(1);
        writeEntry(out, entry);
    }

    void writeHasPrev(ByteBuf out) {
        out.writeByte(iterator.hasPrev() ? IteratorOp.FLAG_TRUE : 0);
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

    private static void writeEntry(ByteBuf out, Map.Entry<byte[], byte[]> entry) {
        Wire.writeBytes(out, entry.getKey());
        Wire.writeBytes(out, entry.getValue());
    }
}
