package dev.levelshare.server;

import dev.levelshare.protocol.FrameLayout;

/** Limits and threading of a {@link DbServer}. Immutable; each {@code with...} returns a copy. */
public final class ServerOptions {
    private int maxFrameBytes = FrameLayout.DEFAULT_MAX_FRAME_BYTES;
    private int maxIteratorsPerConnection = 1024;
    private int maxSnapshotsPerConnection = 1024;
    private long handshakeTimeoutMillis = 10_000;
    private boolean readOnly;
    private int eventLoopThreads = 2;
    private int blockingThreads = 4;

    public static ServerOptions defaults() {
        return new ServerOptions();
    }

    private ServerOptions copy() {
        ServerOptions o = new ServerOptions();
        o.maxFrameBytes = maxFrameBytes;
        o.maxIteratorsPerConnection = maxIteratorsPerConnection;
        o.maxSnapshotsPerConnection = maxSnapshotsPerConnection;
        o.handshakeTimeoutMillis = handshakeTimeoutMillis;
        o.readOnly = readOnly;
        o.eventLoopThreads = eventLoopThreads;
        o.blockingThreads = blockingThreads;
        return o;
    }

    /** Largest request frame accepted; larger requests are refused by id and the connection stays usable. */
    public ServerOptions withMaxFrameBytes(int bytes) {
        ServerOptions o = copy();
        o.maxFrameBytes = atLeast(bytes, 1024, "maxFrameBytes");
        return o;
    }

    public ServerOptions withMaxIteratorsPerConnection(int n) {
        ServerOptions o = copy();
        o.maxIteratorsPerConnection = atLeast(n, 1, "maxIteratorsPerConnection");
        return o;
    }

    public ServerOptions withMaxSnapshotsPerConnection(int n) {
        ServerOptions o = copy();
        o.maxSnapshotsPerConnection = atLeast(n, 1, "maxSnapshotsPerConnection");
        return o;
    }

    /** A peer that has not completed the handshake within this time is disconnected. */
    public ServerOptions withHandshakeTimeoutMillis(long millis) {
        ServerOptions o = copy();
        o.handshakeTimeoutMillis = atLeast(millis, 1, "handshakeTimeoutMillis");
        return o;
    }

    /** Refuse every put, delete and batch. */
    public ServerOptions withReadOnly(boolean readOnly) {
        ServerOptions o = copy();
        o.readOnly = readOnly;
        return o;
    }

    public ServerOptions withEventLoopThreads(int n) {
        ServerOptions o = copy();
        o.eventLoopThreads = atLeast(n, 1, "eventLoopThreads");
        return o;
    }

    /** Threads for slow engine calls (compactRange, sync writes, big batches) kept off the event loops. */
    public ServerOptions withBlockingThreads(int n) {
        ServerOptions o = copy();
        o.blockingThreads = atLeast(n, 1, "blockingThreads");
        return o;
    }

    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    public int maxIteratorsPerConnection() {
        return maxIteratorsPerConnection;
    }

    public int maxSnapshotsPerConnection() {
        return maxSnapshotsPerConnection;
    }

    public long handshakeTimeoutMillis() {
        return handshakeTimeoutMillis;
    }

    public boolean readOnly() {
        return readOnly;
    }

    public int eventLoopThreads() {
        return eventLoopThreads;
    }

    public int blockingThreads() {
        return blockingThreads;
    }

    private static int atLeast(int value, int min, String name) {
        return (int) atLeast((long) value, min, name);
    }

    private static long atLeast(long value, long min, String name) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be at least " + min + ", got " + value);
        }
        return value;
    }
}
