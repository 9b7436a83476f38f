package dev.levelshare.protocol;

import dev.levelshare.AccessRefusedException;
import dev.levelshare.DiskFullException;
import dev.levelshare.LeaderLostException;
import dev.levelshare.LevelShareException;
import dev.levelshare.WriteRejectedException;
import org.iq80.leveldb.DBException;

import java.util.NoSuchElementException;

/**
 * What kind of failure an {@link Opcode#ERROR} carries. Engine exceptions are sent as their kind plus the engine's own
 * message and rebuilt on the client as the same class, so remote callers catch exactly what local callers catch.
 * levelshare's own refusals become {@link LevelShareException}.
 */
public enum ErrorCode {
    DB_EXCEPTION(1),
    ILLEGAL_ARGUMENT(2),
    NULL_POINTER(3),
    NO_SUCH_ELEMENT(4),
    UNSUPPORTED_OPERATION(5),
    ILLEGAL_STATE(6),
    /** Any other engine exception: its class name travels in the message. */
    RUNTIME(7),

    LIMIT_EXCEEDED(20),
    READ_ONLY(21),
    FRAME_TOO_LARGE(22),
    MALFORMED_REQUEST(23),
    UNKNOWN_OPCODE(24),
    HANDSHAKE_REFUSED(25),
    SHUTTING_DOWN(26),
    /** A write hook refused the write; nothing of it was applied. */
    WRITE_REJECTED(27),
    /** The DB's disk is nearly full: the write was refused before the engine saw it ({@link DiskFullException}). */
    DISK_FULL(28),
    /** The peer may not use this server: its uid is not admitted, or its TCP token is wrong. */
    ACCESS_REFUSED(29);

    private final byte code;

    ErrorCode(int code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }

    public static ErrorCode of(byte code) {
        for (ErrorCode c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        return RUNTIME;
    }

    /** The kind of an exception an engine threw. */
    public static ErrorCode classify(Throwable t) {
        if (t instanceof WriteRejectedException) {
            return WRITE_REJECTED;
        } else if (t instanceof DiskFullException) {
            return DISK_FULL;
        } else if (t instanceof RequestRefusedException) {
            return ((RequestRefusedException) t).code();
        } else if (t instanceof MalformedPayloadException) {
            return MALFORMED_REQUEST;
        } else if (t instanceof DBException) {
            return DB_EXCEPTION;
        } else if (t instanceof IllegalArgumentException) {
            return ILLEGAL_ARGUMENT;
        } else if (t instanceof NullPointerException) {
            return NULL_POINTER;
        } else if (t instanceof NoSuchElementException) {
            return NO_SUCH_ELEMENT;
        } else if (t instanceof UnsupportedOperationException) {
            return UNSUPPORTED_OPERATION;
        } else if (t instanceof IllegalStateException) {
            return ILLEGAL_STATE;
        }
        return RUNTIME;
    }

    /** The message to send for an engine exception: its own, or for unclassified ones its class and message. */
    public static String messageOf(Throwable t) {
        return classify(t) == RUNTIME ? t.toString() : t.getMessage();
    }

    /** Rebuilds the exception on the client side. */
    public RuntimeException toException(String message) {
        switch (this) {
            case DB_EXCEPTION: return new DBException(message);
            case ILLEGAL_ARGUMENT: return new IllegalArgumentException(message);
            case NULL_POINTER: return new NullPointerException(message);
            case NO_SUCH_ELEMENT: return new NoSuchElementException(message);
            case UNSUPPORTED_OPERATION: return new UnsupportedOperationException(message);
            case ILLEGAL_STATE: return new IllegalStateException(message);
            case RUNTIME: return new DBException(message);
            case SHUTTING_DOWN: return new LeaderLostException(message); // not applied: safe to send again
            case WRITE_REJECTED: return new WriteRejectedException(message);
            case DISK_FULL: return new DiskFullException(message);
            case ACCESS_REFUSED: return new AccessRefusedException(message);
            default: return new LevelShareException(message);
        }
    }
}
