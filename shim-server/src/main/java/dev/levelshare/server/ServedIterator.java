package dev.levelshare.server;

import dev.levelshare.engine.ForwardChunks;
import dev.levelshare.protocol.IteratorCodec;
import org.iq80.leveldb.DBIterator;

/**
 * An engine iterator held for a client, as {@link dev.levelshare.engine.LocalEngine#iterator} hands it on: operations
 * run on the engine's own iterator so its semantics reach the client unchanged, except leveldbjni's reverse iteration,
 * which can kill the leader (SIGSEGV) and loses entries under concurrent writes (repaired), and levelshare's own keys
 * (hidden).
 */
final class ServedIterator {
    /** Soft cap of a chunk's payload; the chunk ends after the entry that crosses it. */
    static final int MAX_CHUNK_BYTES = 512 * 1024;

    private final DBIterator iterator;
    private boolean closed;

    /** Serves {@code iterator}, as {@link dev.levelshare.engine.LocalEngine#iterator} made it. */
    ServedIterator(DBIterator iterator) {
        this.iterator = iterator;
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

    /** Up to {@code count} entries from next(), each taken only while hasNext(). */
    void writeForwardChunk(IteratorCodec.ChunkWriter chunk, int count) {
        chunk.finish(ForwardChunks.read(iterator, chunk, count, MAX_CHUNK_BYTES), false);
    }

    /**
     * The first prev() runs unconditionally, so the engine's own failure (NoSuchElementException at the first entry,
     * UnsupportedOperationException on iq80) reaches the client; further prev() calls only while hasPrev().
     */
    void writeReverseChunk(IteratorCodec.ChunkWriter chunk, int count) {
        chunk.add(iterator.prev());
        while (chunk.count() < count && chunk.bytes() < MAX_CHUNK_BYTES) {
            if (!iterator.hasPrev()) {
                chunk.finish(true, false);
                return;
            }
            chunk.add(iterator.prev());
        }
        chunk.finish(false, false);
    }

    void writePeekPrev(IteratorCodec.ChunkWriter chunk) {
        chunk.add(iterator.peekPrev());
        chunk.finish(false, false);
    }

    void writeHasPrev(IteratorCodec.ChunkWriter chunk) {
        chunk.finish(false, iterator.hasPrev());
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
}
