package dev.levelshare.party;

import dev.levelshare.client.RemoteDb;
import dev.levelshare.client.RemoteDbInternals;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.Snapshot;

/** Another process holds the lock and serves the DB; the app's handles talk to it over its socket. */
final class FollowerRole implements Role {
    private final RemoteDb remote;
    private final String directoryId;

    FollowerRole(RemoteDb remote, String directoryId) {
        this.remote = remote;
        this.directoryId = directoryId;
    }

    @Override
    public String directoryId() {
        return directoryId;
    }

    @Override
    public DB db() {
        return remote;
    }

    @Override
    public boolean isLeader() {
        return false;
    }

    @Override
    public boolean isUsable() {
        return RemoteDbInternals.isConnected(remote);
    }

    @Override
    public boolean owns(Snapshot snapshot) {
        return RemoteDbInternals.owns(remote, snapshot);
    }

    /** Runs {@code action} (it must not block) when the leader goes away. */
    void whenLeaderLost(Runnable action) {
        RemoteDbInternals.whenLost(remote, action);
    }

    @Override
    public long leaderPid() {
        return remote.server().pid;
    }

    @Override
    public int requestsInFlight() {
        return RemoteDbInternals.requestsInFlight(remote);
    }

    /** Tells the leader this process's writer is done: it may drop the proofs of its writes now. */
    void forgetWriter(long writer) {
        RemoteDbInternals.forgetWriter(remote, writer);
    }

    @Override
    public void close() {
        remote.close();
    }
}
