package dev.levelshare.party;

import dev.levelshare.config.Settings;
import dev.levelshare.os.SocketPaths;
import dev.levelshare.server.PeerPolicy;

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
    private final PeerPolicy peerPolicy;

    PartySettings(boolean retry, long failoverDeadlineMillis, SocketPaths socketPaths, PeerPolicy peerPolicy) {
        if (failoverDeadlineMillis <= 0) {
            throw new IllegalArgumentException("levelshare setting failoverDeadlineMs must be positive, got "
                    + failoverDeadlineMillis);
        }
        this.retry = retry;
        this.failoverDeadlineMillis = failoverDeadlineMillis;
        this.socketPaths = socketPaths;
        this.peerPolicy = peerPolicy;
    }

    public static PartySettings from(Settings settings) {
        return new PartySettings(settings.getBoolean("retry", true),
                settings.getLong("failoverDeadlineMs", DEFAULT_FAILOVER_DEADLINE_MILLIS),
                SocketPaths.fromSettings(settings),
                PeerPolicy.sameUserOnly().allowing(settings.get("allowUids", null), settings.get("allowGroups", null)));
    }

    public PartySettings withFailoverDeadlineMillis(long millis) {
        return new PartySettings(retry, millis, socketPaths, peerPolicy);
    }

    public PartySettings withSocketPaths(SocketPaths paths) {
        return new PartySettings(retry, failoverDeadlineMillis, paths, peerPolicy);
    }

    public PartySettings withRetry(boolean retry) {
        return new PartySettings(retry, failoverDeadlineMillis, socketPaths, peerPolicy);
    }

    /** Operations in flight when the leader dies are sent again to the next leader. */
    public boolean retry() {
        return retry;
    }

    /** How long a follower waits for a (new) leader before the operation fails. */
    public long failoverDeadlineMillis() {
        return failoverDeadlineMillis;
    }

    /** Who may use this process's socket while it leads: its own user, plus allowUids/allowGroups. */
    public PeerPolicy peerPolicy() {
        return peerPolicy;
    }

    public SocketPaths socketPaths() {
        return socketPaths;
    }
}
