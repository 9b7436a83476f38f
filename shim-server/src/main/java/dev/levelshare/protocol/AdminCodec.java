package dev.levelshare.protocol;

import io.netty.buffer.ByteBuf;
import org.iq80.leveldb.Range;

/**
 * The requests that are not reads or writes of entries: snapshots, the engine's sizes, properties and compactions,
 * the server's status, a bare round trip, and the TCP token.
 *
 * <pre>
 * SNAPSHOT_OPEN        empty                                   -> long snapshotId
 * SNAPSHOT_CLOSE       long snapshotId                         -> empty
 * APPROXIMATE_SIZES    int n, n x (bytes start, bytes limit)   -> int n, n x long
 * GET_PROPERTY         string name                             -> nullable string
 * COMPACT_RANGE        nullable bytes begin, nullable bytes end -> empty
 * SUSPEND_COMPACTIONS, RESUME_COMPACTIONS   empty              -> empty
 * STATUS               empty                                   -> {@link ServerStatus}
 * PING                 bytes (any)                             -> the same bytes
 * AUTH                 bytes token                             -> empty
 * </pre>
 */
public final class AdminCodec {
    private AdminCodec() {}

    /** Payloads that are a single long: SNAPSHOT_OPEN's answer, SNAPSHOT_CLOSE's request. */
    public static void writeId(ByteBuf out, long id) {
        out.writeLong(id);
    }

    public static long readId(ByteBuf in) {
        long id = Wire.readLong(in);
        Wire.requireFullyRead(in);
        return id;
    }

    public static void requireEmpty(ByteBuf in) {
        Wire.requireFullyRead(in);
    }

    public static void writeRanges(ByteBuf out, Range[] ranges) {
        out.writeInt(ranges.length);
        for (Range range : ranges) {
            Wire.writeBytes(out, range.start());
            Wire.writeBytes(out, range.limit());
        }
    }

    public static Range[] readRanges(ByteBuf in) {
        Range[] ranges = new Range[Wire.readCount(in, 8)];
        for (int i = 0; i < ranges.length; i++) {
            ranges[i] = new Range(Wire.readBytes(in), Wire.readBytes(in));
        }
        Wire.requireFullyRead(in);
        return ranges;
    }

    public static void writeSizes(ByteBuf out, long[] sizes) {
        out.writeInt(sizes.length);
        for (long size : sizes) {
            out.writeLong(size);
        }
    }

    public static long[] readSizes(ByteBuf in) {
        long[] sizes = new long[Wire.readCount(in, 8)];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = in.readLong();
        }
        return sizes;
    }

    /** GET_PROPERTY's request (the name) and answer (the value, or null). */
    public static void writeString(ByteBuf out, String value) {
        Wire.writeString(out, value);
    }

    public static String readString(ByteBuf in) {
        String value = Wire.readString(in);
        Wire.requireFullyRead(in);
        return value;
    }

    /** COMPACT_RANGE's request: {@code [0]} begin, {@code [1]} end, either null. */
    public static void writeRange(ByteBuf out, byte[] begin, byte[] end) {
        Wire.writeBytes(out, begin);
        Wire.writeBytes(out, end);
    }

    public static byte[][] readRange(ByteBuf in) {
        byte[][] range = {Wire.readBytes(in), Wire.readBytes(in)};
        Wire.requireFullyRead(in);
        return range;
    }

    /** PING's request and answer, and AUTH's token: raw bytes. */
    public static void writeRaw(ByteBuf out, byte[] bytes) {
        out.writeBytes(bytes);
    }

    public static byte[] readRaw(ByteBuf in) {
        byte[] bytes = new byte[in.readableBytes()];
        in.readBytes(bytes);
        return bytes;
    }

    public static void writeToken(ByteBuf out, byte[] token) {
        Wire.writeBytes(out, token);
    }

    public static byte[] readToken(ByteBuf in) {
        return Wire.readBytes(in);
    }
}
