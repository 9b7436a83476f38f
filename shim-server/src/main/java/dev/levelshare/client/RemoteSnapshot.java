package dev.levelshare.client;

import org.iq80.leveldb.Snapshot;

/** A snapshot held by the server for this connection; closing it (once or more) frees it there. */
final class RemoteSnapshot implements Snapshot {
    final RemoteDb owner;
    /** The connection it was taken on: it exists there only. */
    final Connection connection;
    final long id;
    private boolean closed;

    RemoteSnapshot(RemoteDb owner, Connection connection, long id) {
        this.owner = owner;
        this.connection = connection;
        this.id = id;
    }

    synchronized boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        owner.closeSnapshot(this);
    }
}
