package dev.levelshare;

/**
 * The directory a DB was opened in is no longer at its path (deleted, or deleted and made again): the handles of that
 * DB can follow or lead nothing else, as an engine's handle of a deleted directory never reads a new one.
 */
public final class DirectoryReplacedException extends LevelShareException {
    private static final long serialVersionUID = 1L;

    public DirectoryReplacedException(String canonicalPath) {
        super("levelshare: " + canonicalPath + " is no longer the directory this DB was opened in (it was deleted, or"
                + " deleted and made again), and its leader is gone: this handle cannot be used any more; open "
                + canonicalPath + " again for the directory there now");
    }

    private DirectoryReplacedException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public DirectoryReplacedException rethrownHere() {
        return new DirectoryReplacedException(getMessage(), this);
    }
}
