package dev.levelshare.protocol;

/**
 * Frame opcodes. Requests go client to server; {@link #OK} and {@link #ERROR} are the only responses, matched to their
 * request by request id. The payload layout of each request and of its OK response is documented here, next to the
 * opcode, and implemented once in {@link Wire} helpers used by both sides.
 */
public final class Opcode {
    private Opcode() {}

    /** string canonicalDbPath, long clientPid, string clientName -> OK: {@link Hello} server part. */
    public static final byte HELLO = 1;
    /** bytes payload -> OK: the same bytes. The transport floor measured by the benchmark. */
    public static final byte PING = 2;
    /** readOptions, bytes key -> OK: nullable bytes value. */
    public static final byte GET = 3;
    /** writeOptions, bytes key, bytes value -> OK: long snapshotId (0 = none). */
    public static final byte PUT = 4;
    /** writeOptions, bytes key -> OK: long snapshotId. */
    public static final byte DELETE = 5;
    /** writeOptions, int count, count x (byte kind, bytes key[, bytes value]) -> OK: long snapshotId. */
    public static final byte WRITE = 6;
    /** readOptions -> OK: long iteratorId. */
    public static final byte ITERATOR_OPEN = 7;
    /** long iteratorId, nullable bytes repositionKey, byte {@link IteratorOp}, nullable bytes seekKey, int count -> OK: chunk. */
    public static final byte ITERATOR_OP = 8;
    /** long iteratorId -> OK: empty. */
    public static final byte ITERATOR_CLOSE = 9;
    /** empty -> OK: long snapshotId. */
    public static final byte SNAPSHOT_OPEN = 10;
    /** long snapshotId -> OK: empty. */
    public static final byte SNAPSHOT_CLOSE = 11;
    /** int n, n x (bytes start, bytes limit) -> OK: int n, n x long. */
    public static final byte APPROXIMATE_SIZES = 12;
    /** string name -> OK: nullable string. */
    public static final byte GET_PROPERTY = 13;
    /** nullable bytes begin, nullable bytes end -> OK: empty. */
    public static final byte COMPACT_RANGE = 14;
    /** empty -> OK: empty. Undone automatically if the connection closes while suspended. */
    public static final byte SUSPEND_COMPACTIONS = 15;
    /** empty -> OK: empty. */
    public static final byte RESUME_COMPACTIONS = 16;
    /** empty -> OK: {@link ServerStatus}. */
    public static final byte STATUS = 17;

    /**
     * bytes token -> OK: empty. The first frame on a TCP connection (before HELLO): the shared secret from the server's
     * token file. Unix socket connections are checked by peer credentials instead and never send it.
     */
    public static final byte AUTH = 18;

    /**
     * long writer -> OK: empty. The writer (see {@link WriteId}) is done: it sends no write again, so the leader drops
     * what proves which of its writes were applied.
     */
    public static final byte FORGET_WRITER = 19;

    /** Response: the payload depends on the request. */
    public static final byte OK = 64;
    /** Response: byte {@link ErrorCode}, string message. */
    public static final byte ERROR = 65;

    public static String name(byte opcode) {
        switch (opcode) {
            case HELLO: return "HELLO";
            case PING: return "PING";
            case GET: return "GET";
            case PUT: return "PUT";
            case DELETE: return "DELETE";
            case WRITE: return "WRITE";
            case ITERATOR_OPEN: return "ITERATOR_OPEN";
            case ITERATOR_OP: return "ITERATOR_OP";
            case ITERATOR_CLOSE: return "ITERATOR_CLOSE";
            case SNAPSHOT_OPEN: return "SNAPSHOT_OPEN";
            case SNAPSHOT_CLOSE: return "SNAPSHOT_CLOSE";
            case APPROXIMATE_SIZES: return "APPROXIMATE_SIZES";
            case GET_PROPERTY: return "GET_PROPERTY";
            case COMPACT_RANGE: return "COMPACT_RANGE";
            case SUSPEND_COMPACTIONS: return "SUSPEND_COMPACTIONS";
            case RESUME_COMPACTIONS: return "RESUME_COMPACTIONS";
            case STATUS: return "STATUS";
            case AUTH: return "AUTH";
            case FORGET_WRITER: return "FORGET_WRITER";
            case OK: return "OK";
            case ERROR: return "ERROR";
            default: return "opcode " + (opcode & 0xff);
        }
    }
}
