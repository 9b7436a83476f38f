package dev.levelshare.protocol;

import io.netty.buffer.ByteBuf;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Iterators: opening, operating and closing one, and the chunk of entries an operation answers with.
 *
 * <pre>
 * ITERATOR_OPEN   read options                                                   -> long iteratorId
 * ITERATOR_OP     long iteratorId, nullable bytes repositionKey, byte op, nullable bytes seekKey, int count -> chunk
 * ITERATOR_CLOSE  long iteratorId                                                -> empty
 * chunk           byte flags (ENDED, TRUE), int n, n x (bytes key, bytes value)
 * </pre>
 * The operations ({@code op}) run on the engine's own iterator on the server, so each engine's semantics and refusals
 * reach the client unchanged.
 */
public final class IteratorCodec {
    private IteratorCodec() {}

    /** seek(seekKey), then up to count forward entries (read-ahead). */
    public static final byte SEEK = 1;
    /** seekToFirst(), then up to count forward entries. */
    public static final byte SEEK_TO_FIRST = 2;
    /** seekToLast(), then up to count forward entries. */
    public static final byte SEEK_TO_LAST = 3;
    /** Up to count x next(), each only while hasNext(). */
    public static final byte NEXT_CHUNK = 4;
    /** Up to count x prev(), each only while hasPrev(); the first prev() runs unconditionally. */
    public static final byte PREV_CHUNK = 5;
    /** peekPrev(): one entry. */
    public static final byte PEEK_PREV = 6;
    /** hasPrev(): the chunk's flag TRUE. */
    public static final byte HAS_PREV = 7;

    private static final int FLAG_ENDED = 1;
    private static final int FLAG_TRUE = 2;

    /** A decoded ITERATOR_OP. */
    public static final class Op {
        public final long iteratorId;
        public final byte[] repositionKey;
        public final byte op;
        public final byte[] seekKey;
        public final int count;

        Op(long iteratorId, byte[] repositionKey, byte op, byte[] seekKey, int count) {
            this.iteratorId = iteratorId;
            this.repositionKey = repositionKey;
            this.op = op;
            this.seekKey = seekKey;
            this.count = count;
        }
    }

    /** A decoded chunk: the entries, whether the iterator ended after them, and HAS_PREV's answer. */
    public static final class Chunk {
        public final List<Map.Entry<byte[], byte[]>> entries;
        public final boolean ended;
        public final boolean flag;

        Chunk(List<Map.Entry<byte[], byte[]>> entries, boolean ended, boolean flag) {
            this.entries = entries;
            this.ended = ended;
            this.flag = flag;
        }
    }

    public static void writeOpen(ByteBuf out, WireOptions.Read options) {
        options.writeTo(out);
    }

    public static WireOptions.Read readOpen(ByteBuf in) {
        WireOptions.Read options = WireOptions.Read.readFrom(in);
        Wire.requireFullyRead(in);
        return options;
    }

    /** The answer to ITERATOR_OPEN and the payload of ITERATOR_CLOSE: an iterator id. */
    public static void writeId(ByteBuf out, long iteratorId) {
        out.writeLong(iteratorId);
    }

    public static long readId(ByteBuf in) {
        long id = Wire.readLong(in);
        Wire.requireFullyRead(in);
        return id;
    }

    public static int opSize(byte[] repositionKey, byte[] seekKey) {
        return 8 + Wire.sizeOf(repositionKey) + 1 + Wire.sizeOf(seekKey) + 4;
    }

    public static void writeOp(ByteBuf out, long iteratorId, byte[] repositionKey, byte op, byte[] seekKey, int count) {
        out.writeLong(iteratorId);
        Wire.writeBytes(out, repositionKey);
        out.writeByte(op);
        Wire.writeBytes(out, seekKey);
        out.writeInt(count);
    }

    /** The entry count an ITERATOR_OP asks for, read without decoding it (0 if the payload is too short). */
    public static int peekCount(ByteBuf payload) {
        return payload.readableBytes() >= 4 ? payload.getInt(payload.writerIndex() - 4) : 0;
    }

    public static Op readOp(ByteBuf in) {
        Op op = new Op(Wire.readLong(in), Wire.readBytes(in), Wire.readByte(in), Wire.readBytes(in), Wire.readInt(in));
        Wire.requireFullyRead(in);
        if (op.count < 0) {
            throw new MalformedPayloadException("negative iterator chunk size " + op.count);
        }
        return op;
    }

    /** Writes a chunk entry by entry, as the server's iterator produces them; {@link #finish} fills in the header. */
    public static final class ChunkWriter {
        private final ByteBuf out;
        private final int headerIndex;
        private final int entriesStart;
        private int count;

        public ChunkWriter(ByteBuf out) {
            this.out = out;
            this.headerIndex = out.writerIndex();
            out.writeByte(0);
            out.writeInt(0);
            this.entriesStart = out.writerIndex();
        }

        public void add(Map.Entry<byte[], byte[]> entry) {
            add(entry.getKey(), entry.getValue());
        }

        public void add(byte[] key, byte[] value) {
            Wire.writeBytes(out, key);
            Wire.writeBytes(out, value);
            count++;
        }

        public int count() {
            return count;
        }

        /** Bytes of entries written so far. */
        public int bytes() {
            return out.writerIndex() - entriesStart;
        }

        /** @param ended no more entries in the chunk's direction after these @param flag HAS_PREV's answer */
        public void finish(boolean ended, boolean flag) {
            out.setByte(headerIndex, (ended ? FLAG_ENDED : 0) | (flag ? FLAG_TRUE : 0));
            out.setInt(headerIndex + 1, count);
        }
    }

    public static Chunk readChunk(ByteBuf in) {
        int flags = Wire.readByte(in);
        int n = Wire.readCount(in, 8);
        List<Map.Entry<byte[], byte[]>> entries = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] key = Wire.readBytes(in);
            byte[] value = Wire.readBytes(in);
            entries.add(new AbstractMap.SimpleImmutableEntry<>(key, value));
        }
        return new Chunk(entries, (flags & FLAG_ENDED) != 0, (flags & FLAG_TRUE) != 0);
    }
}
