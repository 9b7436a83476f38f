package dev.levelshare.party;

import dev.levelshare.client.RemoteDb;
import org.iq80.leveldb.DB;

/** Another process holds the lock and serves the DB; the app's handles talk to it over its socket. */
final class FollowerRole implements Role {
    private final RemoteDb remote;

    FollowerRole(RemoteDb remote) {
        this.remote = remote;
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
    public void close() {
        remote.close();
    }
}
