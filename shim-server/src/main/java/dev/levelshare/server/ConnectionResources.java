package dev.levelshare.server;

import dev.levelshare.LevelShareException;
import dev.levelshare.engine.AppliedWrites;
import dev.levelshare.engine.LocalEngine;
import dev.levelshare.protocol.ErrorCode;
import dev.levelshare.protocol.RequestRefusedException;
import org.iq80.leveldb.DBIterator;
import org.iq80.leveldb.Snapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;

/**
 * The engine resources one client connection holds: iterators, snapshots, compaction suspensions, and its writer's
 * proofs of applied writes ({@link AppliedWrites}). Bounded by the
 * server's limits, and released, each exactly once, when the client closes them or disconnects.
 *
 * <p>Synchronized: iterators live on the connection's event loop, but a write run off the loop may register the
 * snapshot it took (WriteOptions.snapshot) while the connection closes.
 */
final class ConnectionResources {
    private static final Logger log = LoggerFactory.getLogger(ConnectionResources.class);

    private final LocalEngine db;
    private final AppliedWrites applied; // null: no proofs kept
    private final int maxIterators;
    private final int maxSnapshots;
    private final Map<Long, ServedIterator> iterators = new HashMap<>();
    private final Map<Long, Snapshot> snapshots = new HashMap<>();
    private long nextId = 1;
    private int suspensions;
    private long writer; // the writer this connection's writes with ids come from (0: none)
    private boolean released;

    ConnectionResources(LocalEngine db, int maxIterators, int maxSnapshots) {
        this.db = db;
        this.applied = db.applied();
        this.maxIterators = maxIterators;
        this.maxSnapshots = maxSnapshots;
    }

    synchronized long openIterator(org.iq80.leveldb.ReadOptions options) {
        requireOpen();
        if (iterators.size() >= maxIterators) {
            throw new RequestRefusedException(ErrorCode.LIMIT_EXCEEDED, "levelshare: too many open iterators on this connection (limit "
                    + maxIterators + "); close iterators you no longer use");
        }
        DBIterator iterator = db.iterator(options);
        long id = nextId++;
        iterators.put(id, new ServedIterator(iterator));
        return id;
    }

    synchronized ServedIterator iterator(long id) {
        ServedIterator iterator = iterators.get(id);
        if (iterator == null) {
            throw new IllegalStateException("levelshare: iterator " + id + " is closed or unknown on this connection");
        }
        return iterator;
    }

    synchronized void closeIterator(long id) {
        ServedIterator iterator = iterators.remove(id);
        if (iterator != null) {
            iterator.close();
        }
    }

    /** Checks the snapshot limit before a snapshot is taken, so that a refused request takes none. */
    synchronized void requireSnapshotCapacity() {
        requireOpen();
        if (snapshots.size() >= maxSnapshots) {
            throw new RequestRefusedException(ErrorCode.LIMIT_EXCEEDED, "levelshare: too many open snapshots on this connection (limit "
                    + maxSnapshots + "); close snapshots you no longer use");
        }
    }

    /** Registers a snapshot the engine gave us. If the connection is already gone, the snapshot is closed at once. */
    synchronized long addSnapshot(Snapshot snapshot) {
        if (released) {
            closeQuietly(snapshot);
            throw new LevelShareException("levelshare: connection closed");
        }
        long id = nextId++;
        snapshots.put(id, snapshot);
        return id;
    }

    synchronized Snapshot snapshot(long id) {
        Snapshot snapshot = snapshots.get(id);
        if (snapshot == null) {
            throw new IllegalArgumentException("levelshare: snapshot " + id + " is closed or unknown on this connection");
        }
        return snapshot;
    }

    /** Closes a snapshot once; leveldbjni frees native memory twice (SIGSEGV) if a snapshot is closed again. */
    synchronized void closeSnapshot(long id) {
        Snapshot snapshot = snapshots.remove(id);
        if (snapshot != null) {
            closeQuietly(snapshot);
        }
    }

    /** Records a suspension this connection holds; false if the connection was closed meanwhile (undo it then). */
    synchronized boolean suspended() {
        if (released) {
            return false;
        }
        suspensions++;
        return true;
    }

    /** True if this connection had a suspension to undo (a resume without one changes nothing). */
    synchronized boolean resumed() {
        if (suspensions > 0) {
            suspensions--;
            return true;
        }
        return false;
    }

    /**
     * The client said (HELLO) which writer its writes with ids come from: the proofs of that writer's applied writes are
     * kept while this connection lasts, and for {@code resendWindowMillis} after (it may send a write again then).
     */
    synchronized void holdWriter(long writerId, long resendWindowMillis) {
        if (writerId != 0 && applied != null && !released && writer == 0) {
            writer = writerId;
            applied.writerConnected(writerId, resendWindowMillis);
        }
    }

    synchronized int iteratorCount() {
        return iterators.size();
    }

    synchronized int snapshotCount() {
        return snapshots.size();
    }

    /**
     * Frees everything the client left open. Returns how many compaction suspensions it left behind: the caller resumes
     * them off the event loop, or compactions would stay suspended forever.
     */
    synchronized int releaseAll() {
        if (released) {
            return 0;
        }
        released = true;
        int openIterators = iterators.size();
        for (ServedIterator iterator : iterators.values()) {
            iterator.close();
        }
        iterators.clear();
        int openSnapshots = snapshots.size();
        for (Snapshot snapshot : snapshots.values()) {
            closeQuietly(snapshot);
        }
        snapshots.clear();
        if (openIterators > 0 || openSnapshots > 0) {
            log.debug("released {} iterators and {} snapshots of a closed connection", openIterators, openSnapshots);
        }
        if (writer != 0) {
            applied.writerDisconnected(writer);
        }
        int left = suspensions;
        suspensions = 0;
        return left;
    }

    private void requireOpen() {
        if (released) {
            throw new LevelShareException("levelshare: connection closed");
        }
    }

    private static void closeQuietly(Snapshot snapshot) {
        try {
            snapshot.close();
        } catch (Exception e) {
            log.debug("closing a snapshot failed", e);
        }
    }
}
