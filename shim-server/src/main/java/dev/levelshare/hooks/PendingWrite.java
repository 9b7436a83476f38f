package dev.levelshare.hooks;

import java.util.Collections;
import java.util.List;

/** A write a client sent, about to be applied: its updates in order (one for a put or delete, many for a batch). */
public final class PendingWrite {
    private final String dbPath;
    private final List<Update> updates;
    private final long clientPid;
    private final int clientUid;
    private final String clientName;

    public PendingWrite(String dbPath, List<Update> updates, long clientPid, int clientUid, String clientName) {
        this.dbPath = dbPath;
        this.updates = Collections.unmodifiableList(updates);
        this.clientPid = clientPid;
        this.clientUid = clientUid;
        this.clientName = clientName;
    }

    /** The canonical path of the DB being written. */
    public String dbPath() {
        return dbPath;
    }

    public List<Update> updates() {
        return updates;
    }

    /** The client's pid: from the socket's peer credentials, or as the client reported it over TCP; -1 if unknown. */
    public long clientPid() {
        return clientPid;
    }

    /** The client's uid from the socket's peer credentials; -1 over TCP. */
    public int clientUid() {
        return clientUid;
    }

    /** The name the client gave itself (its main class by default). */
    public String clientName() {
        return clientName;
    }
}
