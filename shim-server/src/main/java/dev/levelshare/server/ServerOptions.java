package dev.levelshare.server;

import dev.levelshare.config.Settings;
import dev.levelshare.hooks.WriteHook;
import dev.levelshare.protocol.FrameLayout;
import dev.levelshare.transport.Polling;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Limits and threading of a {@link DbServer}. Immutable; each {@code with...} returns a copy. */
public final class ServerOptions {
    private int maxFrameBytes = FrameLayout.DEFAULT_MAX_FRAME_BYTES;
    private int maxIteratorsPerConnection = 1024;
    private int maxSnapshotsPerConnection = 1024;
    private long handshakeTimeoutMillis = 10_000;
    private boolean readOnly;
    private Polling polling = Polling.ofMicros(Settings.fromSystem().pollMicros());
    private int blockingThreads = 4;
    private PeerPolicy peerPolicy = PeerPolicy.sameUserOnly();
    private InetSocketAddress tcpAddress;
    private byte[] tcpToken;
    private List<WriteHook> writeHooks = Collections.emptyList();
    private java.util.function.LongSupplier failoversSeen = () -> 0;

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
        o.polling = polling;
        o.blockingThreads = blockingThreads;
        o.peerPolicy = peerPolicy;
        o.tcpAddress = tcpAddress;
        o.tcpToken = tcpToken;
        o.writeHooks = writeHooks;
        o.failoversSeen = failoversSeen;
        return o;
    }

    /**
     * Where {@code status} reads how many failovers the serving process went through (0 for a sidecar); known before
     * the server answers anyone, so that no status answered early says 0.
     */
    public ServerOptions withFailoversSeen(java.util.function.LongSupplier failovers) {
        ServerOptions o = copy();
        o.failoversSeen = failovers;
        return o;
    }

    java.util.function.LongSupplier failoversSeen() {
        return failoversSeen;
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

    /** How long an event loop polls for the next request after serving one (see {@link Polling}). */
    public ServerOptions withPolling(Polling polling) {
        ServerOptions o = copy();
        o.polling = polling;
        return o;
    }

    /** Threads for slow engine calls (compactRange, sync writes, big batches) kept off the event loops. */
    public ServerOptions withBlockingThreads(int n) {
        ServerOptions o = copy();
        o.blockingThreads = atLeast(n, 1, "blockingThreads");
        return o;
    }

    /** Who may connect over the Unix socket (default: the serving user only). */
    public ServerOptions withPeerPolicy(PeerPolicy policy) {
        ServerOptions o = copy();
        o.peerPolicy = policy;
        return o;
    }

    /**
     * Also listen on TCP at {@code address}; every TCP client must first present {@code token}. Off by default: TCP
     * has no peer credentials, so the token is all that guards it, and it travels in clear (use loopback or a tunnel).
     */
    public ServerOptions withTcp(InetSocketAddress address, byte[] token) {
        if (token == null || token.length == 0) {
            throw new IllegalArgumentException("a TCP listener needs a token");
        }
        ServerOptions o = copy();
        o.tcpAddress = address;
        o.tcpToken = token.clone();
        return o;
    }

    /** Hooks run, in order, before every write a client sends; any of them may refuse it. */
    public ServerOptions withWriteHooks(List<WriteHook> hooks) {
        ServerOptions o = copy();
        o.writeHooks = Collections.unmodifiableList(new ArrayList<>(hooks));
        return o;
    }

    public PeerPolicy peerPolicy() {
        return peerPolicy;
    }

    /** The TCP address to listen on, or null (the default) for the Unix socket only. */
    public InetSocketAddress tcpAddress() {
        return tcpAddress;
    }

    byte[] tcpToken() {
        return tcpToken;
    }

    public List<WriteHook> writeHooks() {
        return writeHooks;
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

    public Polling polling() {
        return polling;
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
