package dev.levelshare.protocol;

import io.netty.buffer.ByteBuf;

/**
 * GET, PUT and DELETE: each request's payload and its OK answer, written and read here for client and server alike.
 *
 * <pre>
 * GET     read options, bytes key               -> nullable bytes value
 * PUT     write options, bytes key, bytes value -> long snapshotId (0: none)
 * DELETE  write options, bytes key              -> long snapshotId (0: none)
 * </pre>
 */
public final class KeyValueCodec {
    private KeyValueCodec() {}

    /** A decoded GET. */
    public static final class Get {
        public final WireOptions.Read options;
        public final byte[] key;

        Get(WireOptions.Read options, byte[] key) {
            this.options = options;
            this.key = key;
        }
    }

    /** A decoded PUT or DELETE ({@code value} null). */
    public static final class Update {
        public final WireOptions.Write options;
        public final byte[] key;
        public final byte[] value;

        Update(WireOptions.Write options, byte[] key, byte[] value) {
            this.options = options;
            this.key = key;
            this.value = value;
        }
    }

    public static int getSize(byte[] key) {
        return WireOptions.READ_BYTES + Wire.sizeOf(key);
    }

    public static void writeGet(ByteBuf out, WireOptions.Read options, byte[] key) {
        options.writeTo(out);
        Wire.writeBytes(out, key);
    }

    public static Get readGet(ByteBuf in) {
        Get get = new Get(WireOptions.Read.readFrom(in), Wire.readBytes(in));
        Wire.requireFullyRead(in);
        return get;
    }

    /** GET's answer: the value, or null for a missing key. */
    public static void writeValue(ByteBuf out, byte[] value) {
        Wire.writeBytes(out, value);
    }

    public static byte[] readValue(ByteBuf in) {
        return Wire.readBytes(in);
    }

    public static int putSize(byte[] key, byte[] value) {
        return WireOptions.WRITE_BYTES + Wire.sizeOf(key) + Wire.sizeOf(value);
    }

    public static void writePut(ByteBuf out, WireOptions.Write options, byte[] key, byte[] value) {
        options.writeTo(out);
        Wire.writeBytes(out, key);
        Wire.writeBytes(out, value);
    }

    public static Update readPut(ByteBuf in) {
        Update put = new Update(WireOptions.Write.readFrom(in), Wire.readBytes(in), Wire.readBytes(in));
        Wire.requireFullyRead(in);
        return put;
    }

    public static int deleteSize(byte[] key) {
        return WireOptions.WRITE_BYTES + Wire.sizeOf(key);
    }

    public static void writeDelete(ByteBuf out, WireOptions.Write options, byte[] key) {
        options.writeTo(out);
        Wire.writeBytes(out, key);
    }

    public static Update readDelete(ByteBuf in) {
        Update delete = new Update(WireOptions.Write.readFrom(in), Wire.readBytes(in), null);
        Wire.requireFullyRead(in);
        return delete;
    }

    /** The answer to every write (PUT, DELETE, WRITE): the id of the snapshot it took, or {@link WireOptions#NO_SNAPSHOT}. */
    public static void writeSnapshotId(ByteBuf out, long snapshotId) {
        out.writeLong(snapshotId);
    }

    public static long readSnapshotId(ByteBuf in) {
        return Wire.readLong(in);
    }
}
