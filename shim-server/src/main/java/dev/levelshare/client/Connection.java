package dev.levelshare.client;

import dev.levelshare.LeaderLostException;
import dev.levelshare.LevelShareException;
import dev.levelshare.os.CurrentProcess;
import dev.levelshare.protocol.AdminCodec;
import dev.levelshare.protocol.ErrorCodec;
import dev.levelshare.protocol.FrameLayout;
import dev.levelshare.protocol.Hello;
import dev.levelshare.protocol.Opcode;
import dev.levelshare.protocol.Wire;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One connection to a levelshare server, shared by any number of threads with any number of requests in flight:
 * requests carry ids and answers are matched by id; no lock is held across a round trip. What is common to every
 * transport lives here: the handshake, request ids, the calls in flight, matching answers to them, and failing them
 * all when the connection is lost. How bytes move, and how a caller waits, is the transport's
 * ({@link ChannelConnection}: the calling threads do the I/O; {@link NettyConnection}: an event loop does).
 */
abstract class Connection implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(Connection.class);

    final ClientOptions options;
    private volatile String dbPath;
    private final Map<Integer, PendingCall<?>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final List<Runnable> whenLost = new CopyOnWriteArrayList<>();
    private final AtomicBoolean lostHandled = new AtomicBoolean();
    private volatile LevelShareException closeCause;
    private volatile Hello.ServerHello server;

    Connection(String dbPath, ClientOptions options) {
        this.dbPath = dbPath;
        this.options = options;
    }

    /** Where frames are allocated. */
    abstract ByteBufAllocator alloc();

    /** Hands a whole frame (or the preamble) to the transport; it owns the buffer from now on. */
    abstract void send(ByteBuf frame);

    /** Waits for a call's answer (or its failure, or the timeout) and returns its decoded result. */
    abstract <T> T await(PendingCall<T> call);

    /** Closes the transport; {@link #connectionLost} follows. */
    abstract void closeTransport();

    /** Presents the token (TCP) and says hello: which DB this client wants, who it is. */
    final void handshake(Endpoint endpoint, String canonicalDbPath) {
        ByteBuf preamble = alloc().ioBuffer(FrameLayout.PREAMBLE_BYTES);
        preamble.writeBytes(FrameLayout.MAGIC);
        preamble.writeShort(FrameLayout.PROTOCOL_VERSION);
        send(preamble);
        if (endpoint.isTcp()) {
            byte[] token = endpoint.token();
            call(Opcode.AUTH, token.length + 4, out -> AdminCodec.writeToken(out, token), ResponseReader.NOTHING);
        }
        Hello.ClientHello hello = new Hello.ClientHello(canonicalDbPath, CurrentProcess.pid(), options.clientName(),
                options.writer(), options.resendWindowMillis());
        server = call(Opcode.HELLO, 64, hello::writeTo, Hello.ServerHello::readFrom);
        dbPath = server.dbPath;
    }

    /** What the server said about itself in the handshake. */
    final Hello.ServerHello server() {
        return server;
    }

    final String dbPath() {
        return dbPath;
    }

    /** Runs {@code action} once the connection is lost or closed (at once if it already is); it must not block. */
    final void whenLost(Runnable action) {
        whenLost.add(action);
        if (lostHandled.get() && whenLost.remove(action)) {
            action.run();
        }
    }

    /** Requests sent and not yet answered, failed or timed out. */
    final int requestsInFlight() {
        return pending.size();
    }

    boolean isOpen() {
        return closeCause == null;
    }

    final LevelShareException closeCause() {
        return closeCause;
    }

    /** Sends a request and waits for its response. */
    final <T> T call(byte opcode, int sizeHint, PayloadWriter writer, ResponseReader<T> reader) {
        return await(start(opcode, sizeHint, writer, reader));
    }

    /** Sends a request without waiting; the caller awaits it with {@link #await}. */
    final <T> PendingCall<T> start(byte opcode, int sizeHint, PayloadWriter writer, ResponseReader<T> reader) {
        int id = nextId();
        PendingCall<T> call = new PendingCall<>(id, System.nanoTime() + requestTimeoutNanos(), reader, opcode, dbPath);
        ByteBuf frame = Wire.beginFrame(alloc(), opcode, id, sizeHint);
        try {
            writer.write(frame);
        } catch (RuntimeException e) {
            frame.release();
            throw e;
        }
        Wire.endFrame(frame);
        Hello.ServerHello limits = server;
        int length = frame.readableBytes() - FrameLayout.LENGTH_BYTES;
        if (limits != null && length > limits.maxFrameBytes) {
            frame.release();
            throw new LevelShareException("levelshare: " + Opcode.name(opcode) + " request of " + length
                    + " bytes exceeds the server's frame limit of " + limits.maxFrameBytes + " bytes");
        }
        pending.put(id, call);
        LevelShareException closed = closeCause;
        if (closed != null) {
            pending.remove(id);
            frame.release();
            throw notSent(closed);
        }
        send(frame);
        return call;
    }

    /** The failure of a call that never left this process because the connection was lost before. */
    private static LevelShareException notSent(LevelShareException closed) {
        return closed instanceof LeaderLostException ? LeaderLostException.notSent(closed.getMessage(), closed)
                : closed.rethrownHere();
    }

    /**
     * A frame the transport could not write at all (the connection failed first): its call fails as not sent, so it
     * may be sent to the next leader whatever the retry setting. {@code frame} is still the caller's to release.
     */
    final void failUnsent(ByteBuf frame, Throwable cause) {
        if (frame.readableBytes() < FrameLayout.LENGTH_BYTES + FrameLayout.HEADER_BYTES) {
            return; // the preamble
        }
        int requestId = frame.getInt(frame.readerIndex() + FrameLayout.LENGTH_BYTES + 1);
        PendingCall<?> call = pending.remove(requestId);
        if (call != null) {
            call.fail(LeaderLostException.notSent("levelshare: connection to the leader of " + dbPath + " lost before "
                    + call.description() + " was sent" + (cause == null ? "" : ": " + cause.getMessage()), cause));
        }
    }

    /** The calls in flight; a transport wakes one of their waiters to read for the others. */
    final Iterable<PendingCall<?>> inFlight() {
        return pending.values();
    }

    /** Forgets a call whose caller gave up waiting; a late answer is dropped. */
    final void forget(PendingCall<?> call) {
        pending.remove(call.id, call);
    }

    final long requestTimeoutNanos() {
        return TimeUnit.MILLISECONDS.toNanos(options.requestTimeoutMillis());
    }

    /** The failure of a call that got no answer in time (after {@link #forget}). */
    final LevelShareException timedOut(PendingCall<?> call) {
        return new LevelShareException("levelshare: no answer to " + call.description() + " within "
                + options.requestTimeoutMillis() + " ms");
    }

    private int nextId() {
        int id;
        do {
            id = ids.incrementAndGet();
        } while (id == 0);
        return id;
    }

    /** Hands an answer to its call. {@code payload} belongs to this method (the call keeps it, or it is released). */
    final void dispatch(byte opcode, int requestId, ByteBuf payload) {
        if (requestId == 0 && opcode == Opcode.ERROR) {
            // A refusal of the whole connection (protocol version, access): every request fails with it.
            try {
                ErrorCodec.Error error = ErrorCodec.read(payload);
                RuntimeException refusal = error.code.toException(error.message);
                connectionLost(refusal instanceof LevelShareException ? refusal
                        : new LevelShareException(error.message));
            } finally {
                payload.release();
            }
            return;
        }
        PendingCall<?> call = pending.remove(requestId);
        if (call == null) {
            log.debug("response to unknown request {} (timed out?)", requestId);
            payload.release();
            return;
        }
        if (opcode == Opcode.OK) {
            call.complete(payload);
            return;
        }
        try {
            if (opcode == Opcode.ERROR) {
                ErrorCodec.Error error = ErrorCodec.read(payload);
                call.completeWithError(error.code, error.message);
            } else {
                call.fail(new LevelShareException("levelshare: unexpected " + Opcode.name(opcode)
                        + " in response to " + call.description()));
            }
        } catch (RuntimeException e) {
            call.fail(new LevelShareException("levelshare: malformed error response to " + call.description()));
        } finally {
            payload.release();
        }
    }

    /** Fails every request in flight and runs the lost-actions, once: the server is gone or the stream is unusable. */
    final void connectionLost(Throwable cause) {
        if (closeCause == null) {
            closeCause = cause instanceof LevelShareException ? (LevelShareException) cause
                    : new LeaderLostException("levelshare: connection to the leader of " + dbPath + " lost"
                    + (cause == null ? "" : ": " + cause.getMessage()), cause);
        }
        for (Integer id : pending.keySet()) {
            PendingCall<?> call = pending.remove(id);
            if (call != null) {
                call.fail(closeCause);
            }
        }
        if (lostHandled.compareAndSet(false, true)) {
            closeTransport();
            for (Runnable action : whenLost) {
                if (whenLost.remove(action)) {
                    action.run();
                }
            }
        }
    }

    /** Closes the connection; the server frees everything this client held (iterators, snapshots). */
    @Override
    public final void close() {
        if (closeCause == null) {
            closeCause = new LeaderLostException("levelshare: connection to the leader of " + dbPath + " was closed");
        }
        closeTransport();
        connectionLost(null);
    }
}
