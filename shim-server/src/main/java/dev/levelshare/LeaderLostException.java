package dev.levelshare;

/**
 * The leader serving a DB went away (killed, exited, closed it) while a call was in flight or before it was sent. With
 * {@code retry=true} (the default) levelshare handles it itself: it elects a new leader and sends the call again; an app
 * sees it only with {@code retry=false}, or from an iterator or read bound to a snapshot, which died with the leader.
 * A call that was never sent ({@link #wasSent()} false) is sent to the next leader whatever {@code retry} says.
 */
public class LeaderLostException extends LevelShareException {
    private static final long serialVersionUID = 1L;
    private final boolean sent;

    public LeaderLostException(String message) {
        this(message, null, true);
    }

    public LeaderLostException(String message, Throwable cause) {
        this(message, cause, true);
    }

    private LeaderLostException(String message, Throwable cause, boolean sent) {
        super(message, cause);
        this.sent = sent;
    }

    /** The leader was gone before the call left this process: nothing of it reached any leader. */
    public static LeaderLostException notSent(String message, Throwable cause) {
        return new LeaderLostException(message, cause, false);
    }

    /** False if the call never reached a leader (so sending it again cannot apply it twice). */
    public boolean wasSent() {
        return sent;
    }

    /** The same failure, thrown again from the caller's thread (its stack in the trace). */
    @Override
    public LevelShareException rethrownHere() {
        return new LeaderLostException(getMessage(), this, sent);
    }
}
