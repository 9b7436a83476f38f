package dev.levelshare;

/**
 * The leader serving a DB went away (killed, exited, closed it) while a call was in flight or before it was sent. With
 * {@code retry=true} (the default) levelshare handles it itself: it elects a new leader and sends the call again; an app
 * sees it only with {@code retry=false}, or from an iterator or read bound to a snapshot, which died with the leader.
 */
public class LeaderLostException extends LevelShareException {
    private static final long serialVersionUID = 1L;

    public LeaderLostException(String message) {
        super(message);
    }

    public LeaderLostException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The same failure, thrown again from the caller's thread (its stack in the trace). */
    @Override
    public LevelShareException rethrownHere() {
        return new LeaderLostException(getMessage(), this);
    }
}
