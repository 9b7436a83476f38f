package dev.levelshare.party;

import org.iq80.leveldb.DB;
import org.iq80.leveldb.Snapshot;

import java.io.IOException;

/** What this process is for one directory: the leader (holds the real DB) or a follower (talks to the leader). */
interface Role {
    /** The DB the app's handles call: the engine's own for a leader, a remote one for a follower. */
    DB db();

    boolean isLeader();

    /** The id of the directory this role leads or follows ({@link dev.levelshare.os.DirectoryIdentity}). */
    String directoryId();

    /** False once a follower's leader is gone: calls through it would fail, a new election is due. */
    boolean isUsable();

    /** True if {@code snapshot} lives in this role's DB (snapshots die with the leader that made them). */
    boolean owns(Snapshot snapshot);

    /** The pid of the process that holds the DB. */
    long leaderPid();

    /** Requests sent to the leader and not yet answered; 0 for the leader itself. */
    default int requestsInFlight() {
        return 0;
    }

    /** Requests this process served to others (leaders only). */
    default long servedRequests() {
        return 0;
    }

    /** Other processes connected to this one (leaders only). */
    default int connectedClients() {
        return 0;
    }

    /** Peers refused (leaders only). */
    default long refusedPeers() {
        return 0;
    }

    /** Stops being this role: a leader stops serving and closes the DB (releasing the lock); a follower disconnects. */
    void close() throws IOException;
}
