package dev.levelshare;

/**
 * The leader refused this process: another user not on its allow-list (or a socket this user cannot reach), or a TCP
 * client without the right token. Nothing was read or written.
 */
public final class AccessRefusedException extends LevelShareException {
    private static final long serialVersionUID = 1L;

    public AccessRefusedException(String message) {
        super(message);
    }

    public AccessRefusedException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public AccessRefusedException rethrownHere() {
        return new AccessRefusedException(getMessage(), this);
    }
}
