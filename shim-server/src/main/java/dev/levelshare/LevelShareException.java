package dev.levelshare;

import org.iq80.leveldb.DBException;

/**
 * A failure that belongs to levelshare rather than to the LevelDB engine: a refused request (limit, read-only, oversize),
 * a lost or refused connection. It extends {@link DBException} so code written for a local DB already handles it.
 */
public class LevelShareException extends DBException {
    private static final long serialVersionUID = 1L;

    public LevelShareException(String message) {
        super(message);
    }

    public LevelShareException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The same failure, thrown again from the caller's thread (its stack in the trace), keeping its type. */
    public LevelShareException rethrownHere() {
        return new LevelShareException(getMessage(), this);
    }
}
