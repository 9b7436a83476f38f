package dev.levelshare.protocol;

/**
 * The byte layout every levelshare connection uses, in one place.
 *
 * <pre>
 * connection  = preamble frame*
 * preamble    = "LVSH" uint16 protocolVersion          (client to server, once)
 * frame       = int32 length  byte opcode  int32 requestId  payload[length - 5]
 * </pre>
 * The preamble lets the server tell a levelshare client from any other peer (an HTTP client, a different protocol)
 * before reading a single length field, and a version mismatch is refused before any frame is interpreted.
 */
public final class FrameLayout {
    private FrameLayout() {}

    public static final byte[] MAGIC = {'L', 'V', 'S', 'H'};
    /** 2: writes may carry a {@link WriteId}, HELLO names the writer, FORGET_WRITER. */
    public static final int PROTOCOL_VERSION = 3;
    public static final int PREAMBLE_BYTES = MAGIC.length + 2;

    /** Bytes of the length field. */
    public static final int LENGTH_BYTES = 4;
    /** Bytes after the length field that every frame has: opcode and request id. */
    public static final int HEADER_BYTES = 5;

    /** Default largest frame a server accepts: comfortably above a 1 MiB value, far below what hurts the heap. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 64 * 1024 * 1024;
}
