package dev.levelshare.server;

import dev.levelshare.protocol.ServerStatus;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** One client connection as the server knows it: who the peer is, what it holds, what it has done. */
final class ServedConnection {
    /** Protocol errors logged per connection before the rest are counted silently (a fuzzer would flood the log). */
    private static final int LOGGED_PROTOCOL_ERRORS = 3;
    /** Failed requests logged per connection (one line each) before the rest are only counted in the stats. */
    private static final int LOGGED_FAILED_REQUESTS = 20;

    private volatile long peerPid;
    final int peerUid;
    private final String peer;
    final ConnectionResources resources;
    private volatile String name = "?";
    private final AtomicLong ops = new AtomicLong();
    private final AtomicInteger protocolErrors = new AtomicInteger();
    private final AtomicInteger failedRequests = new AtomicInteger();

    /** A Unix socket peer, known by its kernel-reported credentials. */
    static ServedConnection unixPeer(long pid, int uid, ConnectionResources resources) {
        return new ServedConnection(pid, uid, "peer pid " + pid + " uid " + uid, resources);
    }

    /** A TCP peer: known by its address; its pid only as it reports it in HELLO. */
    static ServedConnection tcpPeer(String remoteAddress, ConnectionResources resources) {
        return new ServedConnection(-1, -1, "tcp peer " + remoteAddress, resources);
    }

    private ServedConnection(long peerPid, int peerUid, String peer, ConnectionResources resources) {
        this.peerPid = peerPid;
        this.peerUid = peerUid;
        this.peer = peer;
        this.resources = resources;
    }

    /** The handshake's facts: the client's name, and its pid where the kernel could not tell (TCP). */
    void introduced(String clientName, long reportedPid) {
        this.name = clientName == null ? "?" : clientName;
        if (peerPid < 0) {
            peerPid = reportedPid;
        }
    }

    long pid() {
        return peerPid;
    }

    String name() {
        return name;
    }

    void countOp() {
        ops.incrementAndGet();
    }

    /** For a protocol error: null if it is past the log budget, else the note to append to its log line. */
    String protocolErrorLogNote() {
        return logNote(protocolErrors, LOGGED_PROTOCOL_ERRORS,
                " (further protocol errors of this peer are counted, not logged)");
    }

    /** For a failed request: null if it is past the log budget, else the note to append to its log line. */
    String failedRequestLogNote() {
        return logNote(failedRequests, LOGGED_FAILED_REQUESTS,
                " (further failed requests of this peer are counted in status, not logged)");
    }

    /** "" within the budget, {@code lastNote} for the one that uses it up, null after. */
    private static String logNote(AtomicInteger counter, int budget, String lastNote) {
        int n = counter.incrementAndGet();
        return n < budget ? "" : n == budget ? lastNote : null;
    }

    String describePeer() {
        return peer;
    }

    ServerStatus.Client status() {
        return new ServerStatus.Client(peerPid, peerUid, name, peer, ops.get());
    }
}
