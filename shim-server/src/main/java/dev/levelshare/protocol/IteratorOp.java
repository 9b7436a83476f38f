package dev.levelshare.protocol;

/**
 * Operations of {@link Opcode#ITERATOR_OP}. The server runs them on the engine's own iterator, so each engine's
 * semantics (and refusals) reach the client unchanged.
 *
 * <p>The response chunk is: byte flags ({@link #FLAG_ENDED}, {@link #FLAG_TRUE}), int n, n x (bytes key, bytes value).
 */
public final class IteratorOp {
    private IteratorOp() {}

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
    /** hasPrev(): {@link #FLAG_TRUE}. */
    public static final byte HAS_PREV = 7;

    /** The chunk stopped because the iterator has no more entries in its direction. */
    public static final int FLAG_ENDED = 1;
    /** Boolean result of {@link #HAS_PREV}. */
    public static final int FLAG_TRUE = 2;
}
