package dev.levelshare;

/**
 * A write refused because the DB's disk is nearly full. levelshare stops every write (from every process, the leader's
 * own app included) while the DB's file system has less free space than it keeps for the engine ({@code minFreeDiskMb}):
 * leveldbjni writes through memory-mapped files and would otherwise kill the process that holds the DB (SIGBUS).
 * Nothing of the write was applied. Reads, iterators and snapshots keep working, and writes are accepted again by
 * themselves once space is freed.
 */
public class DiskFullException extends LevelShareException {
    private static final long serialVersionUID = 1L;

    public DiskFullException(String message) {
        super(message);
    }

    public DiskFullException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public LevelShareException rethrownHere() {
        return new DiskFullException(getMessage(), this);
    }
}
