package dev.levelshare.party;

import dev.levelshare.config.Settings;
import dev.levelshare.os.SocketPaths;

/**
 * What the agent's configuration table says about joining and following: every key here is documented in the README.
 * Read once when the party starts.
 */
public final class PartySettings {
    /** Default wait for a leader, at open and on failover. */
    public static final long DEFAULT_FAILOVER_DEADLINE_MILLIS = 30_000;

    private final boolean retry;
    private final long failoverDeadlineMillis;
    private final SocketPaths socketPaths;

    PartySettings(boolean retry, long failoverDeadlineMillis, SocketPaths socketPaths) {
        if (failoverDeadlineMillis <= 0) {
            throw new IllegalArgumentException("levelshare setting failoverDeadlineMs must be positive, got "
                    + failoverDeadlineMillis);
        }
        this.retry = retry;
        this.failoverDeadlineMillis = failoverDeadlineMillis;
        this.socketPaths = socketPaths;
    }

    public static PartySettings from(Settings settings) {
        return new PartySettings(settings.getBoolean("retry", true),
                settings.getLong("failoverDeadlineMs", DEFAULT_FAILOVER_DEADLINE_MILLIS),
                SocketPaths.fromSettings(settings));
    }

    public PartySettings withFailoverDeadlineMillis(long millis) {
        return new PartySettings(retry, millis, socketPaths);
    }

    public PartySettings withSocketPaths(SocketPaths paths) {
        return new PartySettings(retry, failoverDeadlineMillis, paths);
    }

    public PartySettings withRetry(boolean retry) {
        return new PartySettings(retry, failoverDeadlineMillis, socketPaths);
    }

    /** Operations in flight when the leader dies are sent again to the next leader. */
    public boolean retry() {
        return retry;
    }

    /** How long a follower waits for a (new) leader before the operation fails. */
    public long failoverDeadlineMillis() {
        return failoverDeadlineMillis;
    }

    public SocketPaths socketPaths() {
        return socketPaths;
    }
}
