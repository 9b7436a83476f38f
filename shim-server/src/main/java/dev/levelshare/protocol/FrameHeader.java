package dev.levelshare.protocol;

import io.netty.buffer.ByteBuf;

import java.nio.ByteBuffer;

/**
 * Reads a frame's header ({@link FrameLayout}: {@code int32 length | byte opcode | int32 requestId}) where it starts in
 * a buffer, for the server's {@link FrameDecoder} (Netty buffers) and the client's own reader (JDK buffers) alike, and
 * says when a length cannot be a frame's. No allocation: it runs once per frame on both sides.
 */
public final class FrameHeader {
    /** Bytes of a whole header: the length field, the opcode and the request id. */
    public static final int BYTES = FrameLayout.LENGTH_BYTES + FrameLayout.HEADER_BYTES;
    private static final int OPCODE_OFFSET = FrameLayout.LENGTH_BYTES;
    private static final int REQUEST_ID_OFFSET = FrameLayout.LENGTH_BYTES + 1;

    private FrameHeader() {}

    /** The length field of the frame at {@code start}: the bytes after it (header and body). */
    public static int length(ByteBuf buf, int start) {
        return buf.getInt(start);
    }

    public static byte opcode(ByteBuf buf, int start) {
        return buf.getByte(start + OPCODE_OFFSET);
    }

    public static int requestId(ByteBuf buf, int start) {
        return buf.getInt(start + REQUEST_ID_OFFSET);
    }

    /** {@link #length(ByteBuf, int)} of a JDK buffer. */
    public static int length(ByteBuffer buf, int start) {
        return buf.getInt(start);
    }

    public static byte opcode(ByteBuffer buf, int start) {
        return buf.get(start + OPCODE_OFFSET);
    }

    public static int requestId(ByteBuffer buf, int start) {
        return buf.getInt(start + REQUEST_ID_OFFSET);
    }

    /** Whether {@code length} can be a frame's: at least its opcode and request id. */
    public static boolean isValidLength(int length) {
        return length >= FrameLayout.HEADER_BYTES;
    }

    /** Why a stream with a frame of {@code length} cannot be read any further. */
    public static String invalidLength(int length) {
        return "frame length " + length + " is below the minimum of " + FrameLayout.HEADER_BYTES
                + " bytes: not a levelshare frame stream";
    }

    /** Bytes of the body of a frame of {@code length}. */
    public static int bodyBytes(int length) {
        return length - FrameLayout.HEADER_BYTES;
    }

    /** Bytes of the whole frame of {@code length}, its length field included. */
    public static int frameBytes(int length) {
        return FrameLayout.LENGTH_BYTES + length;
    }
}
