package dev.levelshare.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.nio.charset.StandardCharsets;

/** Encoding of frames and of the primitive fields inside payloads, shared by client and server. */
public final class Wire {
    private Wire() {}

    /** Length marking a null byte array or string. */
    private static final int NULL_LENGTH = -1;

    /** Starts a frame: reserves the length field and writes the header. Finish with {@link #endFrame(ByteBuf)}. */
    public static ByteBuf beginFrame(ByteBufAllocator alloc, byte opcode, int requestId, int payloadSizeHint) {
        ByteBuf buf = alloc.ioBuffer(FrameLayout.LENGTH_BYTES + FrameLayout.HEADER_BYTES + payloadSizeHint);
        buf.writeInt(0);
        buf.writeByte(opcode);
        buf.writeInt(requestId);
        return buf;
    }

    /** Writes the length field of a frame started by {@link #beginFrame}. */
    public static ByteBuf endFrame(ByteBuf frame) {
        frame.setInt(frame.readerIndex(), frame.readableBytes() - FrameLayout.LENGTH_BYTES);
        return frame;
    }

    public static void writeBytes(ByteBuf buf, byte[] bytes) {
        if (bytes == null) {
            buf.writeInt(NULL_LENGTH);
        } else {
            buf.writeInt(bytes.length);
            buf.writeBytes(bytes);
        }
    }

    public static int sizeOf(byte[] bytes) {
        return 4 + (bytes == null ? 0 : bytes.length);
    }

    /** Reads a byte array written by {@link #writeBytes}; null stays null. */
    public static byte[] readBytes(ByteBuf buf) {
        int length = readLength(buf);
        if (length == NULL_LENGTH) {
            return null;
        }
        byte[] bytes = new byte[length];
        buf.readBytes(bytes);
        return bytes;
    }

    public static void writeString(ByteBuf buf, String value) {
        writeBytes(buf, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    public static String readString(ByteBuf buf) {
        byte[] bytes = readBytes(buf);
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    public static boolean readBoolean(ByteBuf buf) {
        requireReadable(buf, 1);
        return buf.readBoolean();
    }

    public static byte readByte(ByteBuf buf) {
        requireReadable(buf, 1);
        return buf.readByte();
    }

    public static int readInt(ByteBuf buf) {
        requireReadable(buf, 4);
        return buf.readInt();
    }

    public static long readLong(ByteBuf buf) {
        requireReadable(buf, 8);
        return buf.readLong();
    }

    /** A count field that announces more elements than the remaining bytes could possibly hold is malformed. */
    public static int readCount(ByteBuf buf, int minBytesPerElement) {
        int count = readInt(buf);
        if (count < 0 || (long) count * minBytesPerElement > buf.readableBytes()) {
            throw new MalformedPayloadException("count " + count + " does not fit in the remaining "
                    + buf.readableBytes() + " bytes");
        }
        return count;
    }

    private static int readLength(ByteBuf buf) {
        int length = readInt(buf);
        if (length == NULL_LENGTH) {
            return length;
        }
        if (length < 0 || length > buf.readableBytes()) {
            throw new MalformedPayloadException("field length " + length + " does not fit in the remaining "
                    + buf.readableBytes() + " bytes");
        }
        return length;
    }

    private static void requireReadable(ByteBuf buf, int bytes) {
        if (buf.readableBytes() < bytes) {
            throw new MalformedPayloadException("payload ends early: needed " + bytes + " more bytes");
        }
    }

    /** Every byte of a payload must be consumed: trailing bytes mean the peer speaks another layout. */
    public static void requireFullyRead(ByteBuf buf) {
        if (buf.isReadable()) {
            throw new MalformedPayloadException(buf.readableBytes() + " unexpected trailing bytes");
        }
    }
}
