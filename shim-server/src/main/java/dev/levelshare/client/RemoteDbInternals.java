package dev.levelshare.client;

import dev.levelshare.protocol.WriteId;
import dev.levelshare.transport.LoopWakeUps;
import org.iq80.leveldb.Snapshot;
import org.iq80.leveldb.WriteBatch;
import org.iq80.leveldb.WriteOptions;

/**
 * What levelshare's own election ({@code dev.levelshare.party}) needs of a {@link RemoteDb} beyond the {@code DB} API:
 * whether its connections are up, a call-back when the leader goes away, which snapshots and batches it made, and how
 * many calls are in flight. <b>Not API</b>: an app uses a {@code RemoteDb} as a {@code DB}; this class may change in
 * any release.
 */
public final class RemoteDbInternals {
    private RemoteDbInternals() {}

    /**
     * The JVM is exiting: the client's threads that wait in native code (the event loop if any, the idle watch) stop
     * sleeping there (see {@link LoopWakeUps}).
     */
    public static void beforeJvmExit() {
        ClientEventLoop.wakeRegularly(LoopWakeUps.AT_EXIT_MILLIS);
        IdleWatcher.INSTANCE.wakeRegularly(LoopWakeUps.AT_EXIT_MILLIS);
    }

    /** True until the connections are closed or lost (the leader went away). */
    public static boolean isConnected(RemoteDb db) {
        return db.isConnected();
    }

    /** Runs {@code action} once the leader is lost or the DB closed; on an I/O thread, so it must not block. */
    public static void whenLost(RemoteDb db, Runnable action) {
        db.whenLost(action);
    }

    /** True if {@code snapshot} was taken through {@code db} (snapshots live in the leader that made them). */
    public static boolean owns(RemoteDb db, Snapshot snapshot) {
        return db.owns(snapshot);
    }

    /** True if {@code snapshot} was taken from some leader over a socket. */
    public static boolean isRemoteSnapshot(Snapshot snapshot) {
        return snapshot instanceof RemoteSnapshot;
    }

    /** True if {@code batch} was made by a {@code RemoteDb} (so {@link #replay} can move it to any other DB). */
    public static boolean isRemoteBatch(WriteBatch batch) {
        return batch instanceof RemoteWriteBatch;
    }

    /** Adds the updates of a batch a {@code RemoteDb} made to {@code target}, in order. */
    public static void replay(WriteBatch remoteBatch, WriteBatch target) {
        ((RemoteWriteBatch) remoteBatch).replayInto(target);
    }

    /** Requests sent and not yet answered, failed or timed out. */
    public static int requestsInFlight(RemoteDb db) {
        return db.requestsInFlight();
    }

    /**
     * {@code options} for the connections of a process's writer ({@link WriteId}): their HELLO names it, so the leader
     * keeps the proofs of its applied writes while it is connected and for {@code resendWindowMillis} after.
     */
    public static ClientOptions forWriter(ClientOptions options, long writer, long resendWindowMillis) {
        return options.withWriter(writer, resendWindowMillis);
    }

    /** A put the leader applies at most once however often it is sent with {@code id}. */
    public static Snapshot put(RemoteDb db, byte[] key, byte[] value, WriteOptions options, WriteId id) {
        return db.put(key, value, options, id);
    }

    /** A delete the leader applies at most once however often it is sent with {@code id}. */
    public static Snapshot delete(RemoteDb db, byte[] key, WriteOptions options, WriteId id) {
        return db.delete(key, options, id);
    }

    /** A batch the leader applies at most once however often it is sent with {@code id}. */
    public static Snapshot write(RemoteDb db, WriteBatch batch, WriteOptions options, WriteId id) {
        return db.write(batch, options, id);
    }

    /** Tells the leader that {@code writer} sends nothing again (not awaited); a leader gone meanwhile is no error. */
    public static void forgetWriter(RemoteDb db, long writer) {
        db.forgetWriter(writer);
    }
}
