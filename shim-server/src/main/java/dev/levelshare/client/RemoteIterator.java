package dev.levelshare.client;

import dev.levelshare.protocol.IteratorCodec;
import dev.levelshare.protocol.Opcode;
import org.iq80.leveldb.DBIterator;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * An iterator running on the server, read in chunks with read-ahead.
 *
 * <p>The server runs the engine's own iterator; this class only batches repeated next() (or prev()) calls. It keeps
 * one invariant: in forward mode the server's iterator sits after every entry it sent; in reverse mode it sits on the
 * last entry it sent. When entries sent are not yet consumed, the client's position differs from the server's, and the
 * next request that is not served from the buffer carries a <em>reposition key</em>: the key the cursor is on
 * (forward: the first unconsumed entry; reverse: the last entry prev() returned). {@code seek(key)} puts the engine
 * iterator back exactly there, because that key exists in the iterator's own implicit snapshot. So every call behaves
 * as if it ran directly on the engine's iterator, and so does every refusal the engine makes.
 *
 * <p>Not thread-safe, like the engines' iterators.
 */
final class RemoteIterator implements DBIterator {
    /** Entries read ahead with a seek: enough for the common "seek, then read a few" without a second round trip. */
    private static final int SEEK_PREFETCH = 8;
    private static final int FIRST_CHUNK = 64;
    private static final int MAX_CHUNK = 1024;

    private final Connection connection;
    private final long id;
    private final ArrayDeque<Map.Entry<byte[], byte[]>> buffer = new ArrayDeque<>();
    /** The buffer holds prev() results (else next() results). */
    private boolean reverse;
    /** The server found no more entries in the buffer's direction after the buffered ones. */
    private boolean ended;
    /** Key of the entry the last prev() returned: where the cursor is in reverse mode. */
    private byte[] lastPrevKey;
    /** A forward chunk requested before the buffer ran dry. */
    private PendingCall<IteratorCodec.Chunk> readAhead;
    private int chunkSize = FIRST_CHUNK;
    private boolean closed;

    RemoteIterator(Connection connection, long id) {
        this.connection = connection;
        this.id = id;
    }

    @Override
    public void seek(byte[] key) {
        checkOpen();
        seekAndFill(IteratorCodec.SEEK, key);
    }

    @Override
    public void seekToFirst() {
        checkOpen();
        seekAndFill(IteratorCodec.SEEK_TO_FIRST, null);
    }

    @Override
    public void seekToLast() {
        checkOpen();
        seekAndFill(IteratorCodec.SEEK_TO_LAST, null);
    }

    @Override
    public boolean hasNext() {
        checkOpen();
        return fillForward();
    }

    @Override
    public Map.Entry<byte[], byte[]> next() {
        checkOpen();
        if (!fillForward()) {
            throw new NoSuchElementException();
        }
        Map.Entry<byte[], byte[]> entry = buffer.pollFirst();
        maybeReadAhead();
        return entry;
    }

    @Override
    public Map.Entry<byte[], byte[]> peekNext() {
        checkOpen();
        if (!fillForward()) {
            throw new NoSuchElementException();
        }
        return buffer.peekFirst();
    }

    @Override
    public boolean hasPrev() {
        checkOpen();
        if (reverse && !buffer.isEmpty()) {
            return true;
        }
        if (reverse && ended) {
            return false;
        }
        return request(IteratorCodec.HAS_PREV, null, 0).flag;
    }

    @Override
    public Map.Entry<byte[], byte[]> prev() {
        checkOpen();
        if (reverse && !buffer.isEmpty()) {
            Map.Entry<byte[], byte[]> entry = buffer.pollFirst();
            lastPrevKey = entry.getKey();
            return entry;
        }
        if (reverse && ended) {
            // The cursor is on the first entry: the engine's prev() fails there and stays put.
            throw new NoSuchElementException();
        }
        IteratorCodec.Chunk chunk = request(IteratorCodec.PREV_CHUNK, null, chunkSize);
        Map.Entry<byte[], byte[]> first = chunk.entries.get(0);
        reverse = true;
        ended = chunk.ended;
        lastPrevKey = first.getKey();
        buffer.addAll(chunk.entries.subList(1, chunk.entries.size()));
        growChunk();
        return first;
    }

    @Override
    public Map.Entry<byte[], byte[]> peekPrev() {
        checkOpen();
        if (reverse && !buffer.isEmpty()) {
            return buffer.peekFirst();
        }
        return request(IteratorCodec.PEEK_PREV, null, 0).entries.get(0);
    }

    @Override
    public void remove() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        readAhead = null;
        buffer.clear();
        if (connection.isOpen()) {
            // Not awaited: the server frees the iterator when it gets here, or when this connection closes.
            connection.start(Opcode.ITERATOR_CLOSE, 8, out -> IteratorCodec.writeId(out, id), ResponseReader.NOTHING);
        }
    }

    /** Whether a next() entry is buffered, fetching a chunk if needed. */
    private boolean fillForward() {
        if (!reverse) {
            if (!buffer.isEmpty()) {
                return true;
            }
            if (readAhead != null) {
                absorbReadAhead();
                if (!buffer.isEmpty()) {
                    return true;
                }
            }
            if (ended) {
                return false;
            }
        }
        IteratorCodec.Chunk chunk = request(IteratorCodec.NEXT_CHUNK, null, chunkSize);
        startForward(chunk);
        growChunk();
        return !buffer.isEmpty();
    }

    private void seekAndFill(byte op, byte[] key) {
        IteratorCodec.Chunk chunk = request(op, key, SEEK_PREFETCH);
        chunkSize = FIRST_CHUNK;
        startForward(chunk);
    }

    /**
     * Sends one iterator operation, preceded by a reposition when the server's iterator has moved past the cursor.
     * Every operation carries it, seeks included: an engine that refuses an operation (iq80's seekToLast) leaves its
     * iterator where the cursor was, and so must we. After the call, client and server agree on the position.
     */
    private IteratorCodec.Chunk request(byte op, byte[] seekKey, int count) {
        if (readAhead != null) {
            absorbReadAhead(); // the cursor may sit inside the chunk in flight
        }
        byte[] reposition = repositionKey();
        buffer.clear();
        reverse = false;
        ended = false;
        return connection.await(send(reposition, op, seekKey, count));
    }

    private PendingCall<IteratorCodec.Chunk> send(byte[] reposition, byte op, byte[] seekKey, int count) {
        return connection.start(Opcode.ITERATOR_OP, IteratorCodec.opSize(reposition, seekKey),
                out -> IteratorCodec.writeOp(out, id, reposition, op, seekKey, count), IteratorCodec::readChunk);
    }

    private void startForward(IteratorCodec.Chunk chunk) {
        reverse = false;
        buffer.addAll(chunk.entries);
        ended = chunk.ended;
    }

    /** Where the cursor is, if the server's iterator has moved past it; null when both agree. */
    private byte[] repositionKey() {
        if (buffer.isEmpty()) {
            return null;
        }
        return reverse ? lastPrevKey : buffer.peekFirst().getKey();
    }

    /**
     * Asks for the next forward chunk as soon as the last one has come: the server reads it from the engine while the
     * app consumes this one, so a scan runs at the pace of the slower side, not of both in turn.
     */
    private void maybeReadAhead() {
        if (reverse || ended || readAhead != null || !connection.isOpen()) {
            return;
        }
        readAhead = send(null, IteratorCodec.NEXT_CHUNK, null, chunkSize);
        growChunk();
    }

    private void absorbReadAhead() {
        PendingCall<IteratorCodec.Chunk> pending = readAhead;
        readAhead = null;
        IteratorCodec.Chunk chunk = connection.await(pending);
        buffer.addAll(chunk.entries);
        ended = chunk.ended;
    }

    private void growChunk() {
        chunkSize = Math.min(MAX_CHUNK, chunkSize * 2);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("levelshare: iterator is closed");
        }
    }
}
