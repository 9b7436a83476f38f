package dev.levelshare.protocol;

import io.netty.buffer.ByteBuf;

/**
 * WRITE: a batch of puts and deletes applied atomically.
 *
 * <pre>
 * WRITE  write options, int count, count x (byte kind, bytes key [, bytes value if kind = PUT]) -> long snapshotId
 * </pre>
 * The answer is {@link KeyValueCodec#writeSnapshotId}'s.
 */
public final class BatchCodec {
    private BatchCodec() {}

    private static final byte PUT = 1;
    private static final byte DELETE = 2;

    /** Bytes of a batch's fixed part: options and count. */
    public static final int HEADER_BYTES = WireOptions.WRITE_BYTES + 4;

    /** Where a decoded batch's updates go, in order. */
    public interface Updates {
        void put(byte[] key, byte[] value);

        void delete(byte[] key);
    }

    public static int putSize(byte[] key, byte[] value) {
        return 1 + Wire.sizeOf(key) + Wire.sizeOf(value);
    }

    public static int deleteSize(byte[] key) {
        return 1 + Wire.sizeOf(key);
    }

    public static void writeHeader(ByteBuf out, WireOptions.Write options, int count) {
        options.writeTo(out);
        out.writeInt(count);
    }

    public static void writePut(ByteBuf out, byte[] key, byte[] value) {
        out.writeByte(PUT);
        Wire.writeBytes(out, key);
        Wire.writeBytes(out, value);
    }

    public static void writeDelete(ByteBuf out, byte[] key) {
        out.writeByte(DELETE);
        Wire.writeBytes(out, key);
    }

    /** Decodes a batch, handing each update to {@code updates}; returns its write options. */
    public static WireOptions.Write read(ByteBuf in, Updates updates) {
        WireOptions.Write options = WireOptions.Write.readFrom(in);
        int count = Wire.readCount(in, 1 + 4);
        for (int i = 0; i < count; i++) {
            byte kind = Wire.readByte(in);
            byte[] key = Wire.readBytes(in);
            if (kind == PUT) {
                updates.put(key, Wire.readBytes(in));
            } else if (kind == DELETE) {
                updates.delete(key);
            } else {
                throw new MalformedPayloadException("unknown batch entry kind " + kind);
            }
        }
        Wire.requireFullyRead(in);
        return options;
    }
}
