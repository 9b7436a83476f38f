package dev.levelshare.party;

import dev.levelshare.config.Settings;
import dev.levelshare.os.SocketPaths;
import dev.levelshare.server.PeerPolicy;
import dev.levelshare.transport.Polling;

/**
 * What the agent's configuration table says about joining and following: every key here is documented in the README.
 * Read once when the party starts.
 */
public final class PartySettings {
    /** Default wait for a leader, at open and on failover. */
    public static final long DEFAULT_FAILOVER_DEADLINE_MILLIS = Settings.DEFAULT_FAILOVER_DEADLINE_MILLIS;
    /**
     * Default room kept free on the DB's disk for what the engine writes on its own: a memtable flush (4 MB with the
     * default write buffer), a compaction (rarely above 50 MB), the recovery of the next open.
     */
    public static final long DEFAULT_MIN_FREE_DISK_MB = Settings.DEFAULT_MIN_FREE_DISK_MB;
    private static final long MB = 1024 * 1024;

    private final boolean retry;
    private final long failoverDeadlineMillis;
    private final SocketPaths socketPaths;
    private final PeerPolicy peerPolicy;
    private final long minFreeDiskBytes;
    private final Polling polling;
    private final WriteBufferCap writeBufferCap;
    private final boolean exactlyOnce;
    private final boolean oneCommand;

    PartySettings(boolean retry, long failoverDeadlineMillis, SocketPaths socketPaths, PeerPolicy peerPolicy,
                  long minFreeDiskBytes, Polling polling, WriteBufferCap writeBufferCap, boolean exactlyOnce,
                  boolean oneCommand) {
        if (failoverDeadlineMillis <= 0) {
            throw new IllegalArgumentException("levelshare setting failoverDeadlineMs must be positive, got "
                    + failoverDeadlineMillis);
        }
        this.retry = retry;
        this.failoverDeadlineMillis = failoverDeadlineMillis;
        this.socketPaths = socketPaths;
        this.peerPolicy = peerPolicy;
        if (minFreeDiskBytes < 0) {
            throw new IllegalArgumentException("levelshare setting minFreeDiskMb must be 0 (off) or more, got "
                    + minFreeDiskBytes / MB);
        }
        this.minFreeDiskBytes = minFreeDiskBytes;
        this.polling = polling;
        this.writeBufferCap = writeBufferCap;
        this.exactlyOnce = exactlyOnce;
        this.oneCommand = oneCommand;
    }

    public static PartySettings from(Settings settings) {
        return new PartySettings(settings.retry(), settings.failoverDeadlineMillis(),
                SocketPaths.fromSettings(settings),
                PeerPolicy.sameUserOnly().allowing(settings.allowUids(), settings.allowGroups()),
                minFreeDiskBytes(settings), Polling.ofMicros(settings.pollMicros()),
                writeBufferCapOf(settings), settings.exactlyOnce(), false);
    }

    /** The {@code maxWriteBufferMb} setting: the largest write buffer an engine levelshare opens gets (0: no cap). */
    public static WriteBufferCap writeBufferCapOf(Settings settings) {
        return WriteBufferCap.ofMegabytes(settings.maxWriteBufferMb());
    }

    /** The {@code minFreeDiskMb} setting in bytes: what the disk guard keeps free for the engine (0: no guard). */
    public static long minFreeDiskBytes(Settings settings) {
        return settings.minFreeDiskMb() * MB;
    }

    public PartySettings withFailoverDeadlineMillis(long millis) {
        return new PartySettings(retry, millis, socketPaths, peerPolicy, minFreeDiskBytes, polling, writeBufferCap,
                exactlyOnce, oneCommand);
    }

    public PartySettings withSocketPaths(SocketPaths paths) {
        return new PartySettings(retry, failoverDeadlineMillis, paths, peerPolicy, minFreeDiskBytes, polling,
                writeBufferCap, exactlyOnce, oneCommand);
    }

    public PartySettings withRetry(boolean retry) {
        return new PartySettings(retry, failoverDeadlineMillis, socketPaths, peerPolicy, minFreeDiskBytes, polling,
                writeBufferCap, exactlyOnce, oneCommand);
    }

    /** Operations in flight when the leader dies are sent again to the next leader. */
    public boolean retry() {
        return retry;
    }

    public PartySettings withExactlyOnce(boolean on) {
        return new PartySettings(retry, failoverDeadlineMillis, socketPaths, peerPolicy, minFreeDiskBytes, polling,
                writeBufferCap, on, oneCommand);
    }

    /**
     * The {@code exactlyOnce} setting: this process's writes through a leader carry ids, so that one sent again after a
     * failover is applied at most once (the leader stores a proof with each). Off: sent without, at-least-once.
     */
    public boolean exactlyOnce() {
        return exactlyOnce;
    }

    /**
     * How long a leader keeps the proofs of a writer's applied writes after its last connection closed: the writer may
     * send a write again until its failover deadline has passed (with a margin for the request itself).
     */
    public long resendWindowMillis() {
        return failoverDeadlineMillis + 30_000;
    }

    /**
     * For a process that lives for one command (the CLI tools): it will not be around for a promotion or a hand-over,
     * so it prepares nothing for them ({@link PromotionWarmup}).
     */
    public PartySettings forOneCommand() {
        return new PartySettings(retry, failoverDeadlineMillis, socketPaths, peerPolicy, minFreeDiskBytes, polling,
                writeBufferCap, exactlyOnce, true);
    }

    /** Whether this process lives for one command ({@link #forOneCommand}). */
    boolean livesForOneCommand() {
        return oneCommand;
    }

    /** How long a follower waits for a (new) leader before the operation fails. */
    public long failoverDeadlineMillis() {
        return failoverDeadlineMillis;
    }

    /** Who may use this process's socket while it leads: its own user, plus allowUids/allowGroups. */
    public PeerPolicy peerPolicy() {
        return peerPolicy;
    }

    public PartySettings withMinFreeDiskBytes(long bytes) {
        return new PartySettings(retry, failoverDeadlineMillis, socketPaths, peerPolicy, bytes, polling,
                writeBufferCap, exactlyOnce, oneCommand);
    }

    public PartySettings withPolling(Polling polling) {
        return new PartySettings(retry, failoverDeadlineMillis, socketPaths, peerPolicy, minFreeDiskBytes, polling,
                writeBufferCap, exactlyOnce, oneCommand);
    }

    public PartySettings withWriteBufferCap(WriteBufferCap cap) {
        return new PartySettings(retry, failoverDeadlineMillis, socketPaths, peerPolicy, minFreeDiskBytes, polling, cap,
                exactlyOnce, oneCommand);
    }

    /** The cap on the write buffer of the engines this party opens (see {@link WriteBufferCap}). */
    public WriteBufferCap writeBufferCap() {
        return writeBufferCap;
    }

    /** How long a thread expecting a message (a caller, a server loop after a request) polls before it sleeps. */
    public Polling polling() {
        return polling;
    }

    /** Free space the disk guard keeps on the DB's file system (0: none); an open needs half of it plus its recovery. */
    public long minFreeDiskBytes() {
        return minFreeDiskBytes;
    }

    public SocketPaths socketPaths() {
        return socketPaths;
    }
}
