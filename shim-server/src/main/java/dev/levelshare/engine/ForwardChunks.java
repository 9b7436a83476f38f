package dev.levelshare.engine;

import dev.levelshare.protocol.IteratorCodec;
import org.iq80.leveldb.DBIterator;

/** An iterator that fills a served chunk forward in its own, faster way than one {@code next()} per entry. */
public interface ForwardChunks {
    /**
     * Adds entries from the cursor on to {@code chunk} until it holds {@code count} entries or {@code maxBytes};
     * true if the iterator ended.
     */
    boolean readForward(IteratorCodec.ChunkWriter chunk, int count, int maxBytes);

    /** {@link #readForward} for any iterator, with {@code next()}: each entry taken only while {@code hasNext()}. */
    static boolean readWithNext(DBIterator iterator, IteratorCodec.ChunkWriter chunk, int count, int maxBytes) {
        while (iterator.hasNext()) {
            if (chunk.count() >= count || chunk.bytes() >= maxBytes) {
                return false;
            }
            chunk.add(iterator.next());
        }
        return true;
    }

    /** {@link #readForward} of {@code iterator}'s own kind if it has one, else {@link #readWithNext}. */
    static boolean read(DBIterator iterator, IteratorCodec.ChunkWriter chunk, int count, int maxBytes) {
        return iterator instanceof ForwardChunks ? ((ForwardChunks) iterator).readForward(chunk, count, maxBytes)
                : readWithNext(iterator, chunk, count, maxBytes);
    }
}
