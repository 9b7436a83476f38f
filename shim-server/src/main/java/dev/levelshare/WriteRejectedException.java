package dev.levelshare;

/**
 * A write the server refused before applying it: a {@link dev.levelshare.hooks.WriteHook} said no. Hooks throw it with
 * the message the client should see; the client gets the same class with the same message. Nothing of the write
 * (not one update of a batch) was applied.
 */
public class WriteRejectedException extends LevelShareException {
    private static final long serialVersionUID = 1L;

    public WriteRejectedException(String message) {
        super(message);
    }

    public WriteRejectedException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public LevelShareException rethrownHere() {
        return new WriteRejectedException(getMessage(), this);
    }
}
