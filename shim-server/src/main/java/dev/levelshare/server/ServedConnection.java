package dev.levelshare.server;

import dev.levelshare.protocol.ServerStatus;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** One client connection as the server knows it: who the peer is, what it holds, what it has done. */
final class ServedConnection {
    /** Protocol errors logged per connection before the rest are counted silently (a fuzzer would flood the log). */
    private static final int LOGGED_PROTOCOL_ERRORS = 3;

    final long peerPid;
    final int peerUid;
    final ConnectionResources resources;
    private volatile String name = "?";
    private final AtomicLong ops = new AtomicLong();
    private final AtomicInteger protocolErrors = new AtomicInteger();

    ServedConnection(long peerPid, int peerUid, ConnectionResources resources) {
        this.peerPid = peerPid;
        this.peerUid = peerUid;
        this.resources = resources;
    }

    void named(String clientName) {
        this.name = clientName == null ? "?" : clientName;
    }

    void countOp() {
        ops.incrementAndGet();
    }

    /** Whether this protocol error should be logged; the one that reaches the budget says so. */
    boolean shouldLogProtocolError() {
        return protocolErrors.incrementAndGet() <= LOGGED_PROTOCOL_ERRORS;
    }

    boolean protocolErrorBudgetJustExhausted() {
        return protocolErrors.get() == LOGGED_PROTOCOL_ERRORS;
    }

    String describePeer() {
        return "peer pid " + peerPid + " uid " + peerUid;
    }

    ServerStatus.Client status() {
        return new ServerStatus.Client(peerPid, peerUid, name, ops.get());
    }
}
