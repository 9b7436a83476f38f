package dev.levelshare.client;

import dev.levelshare.LeaderLostException;
import dev.levelshare.LevelShareException;
import dev.levelshare.os.CurrentProcess;
import dev.levelshare.protocol.ErrorCode;
import dev.levelshare.protocol.Frame;
import dev.levelshare.protocol.FrameDecoder;
import dev.levelshare.protocol.FrameLayout;
import dev.levelshare.protocol.Hello;
import dev.levelshare.protocol.Opcode;
import dev.levelshare.protocol.Wire;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.nio.file.Path;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One connection to a levelshare server, shared by any number of threads with any number of requests in flight.
 * Requests carry ids and responses are matched by id; no lock is held across a round trip. Callers encode their
 * request on their own thread and queue it; one task on the event loop writes everything queued and flushes once, so
 * many concurrent callers cost one write syscall, not one each.
 */
public final class RemoteConnection implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(RemoteConnection.class);
    /** Responses come from the leader we chose to trust; the limit only guards against a corrupt stream. */
    private static final int MAX_RESPONSE_FRAME_BYTES = Integer.MAX_VALUE - 64;

    private final Channel channel;
    private volatile String dbPath;
    private final ClientOptions options;
    private final Map<Integer, PendingCall<?>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final Queue<ByteBuf> outbound = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    private final Runnable flushTask = this::flushOutbound;
    private volatile LevelShareException closeCause;
    private volatile Hello.ServerHello server;

    private RemoteConnection(Channel channel, String dbPath, ClientOptions options) {
        this.channel = channel;
        this.dbPath = dbPath;
        this.options = options;
    }

    /**
     * Connects to the server at {@code socket} and checks that it serves {@code canonicalDbPath}.
     *
     * @throws LevelShareException if nothing listens there, it is not a levelshare server, or it serves another DB
     */
    public static RemoteConnection connect(Path socket, String canonicalDbPath, ClientOptions options) {
        return connect(Endpoint.unixSocket(socket), canonicalDbPath, options);
    }

    /**
     * Connects to the server at {@code endpoint} (presenting its token first over TCP) and checks that it serves
     * {@code canonicalDbPath}; {@link Hello#ANY_DB} accepts whatever it serves.
     */
    public static RemoteConnection connect(Endpoint endpoint, String canonicalDbPath, ClientOptions options) {
        ResponseDispatcher dispatcher = new ResponseDispatcher();
        Bootstrap bootstrap = new Bootstrap()
                .group(ClientEventLoop.group())
                .channel(endpoint.channelType())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, options.connectTimeoutMillis()))
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast("frames", new FrameDecoder(MAX_RESPONSE_FRAME_BYTES));
                        ch.pipeline().addLast("responses", dispatcher);
                    }
                });
        if (endpoint.isTcp()) {
            bootstrap.option(ChannelOption.TCP_NODELAY, true);
        }
        String wanted = canonicalDbPath.equals(Hello.ANY_DB) ? "the DB served at " + endpoint : canonicalDbPath;
        ChannelFuture connected = bootstrap.connect(endpoint.address());
        if (!connected.awaitUninterruptibly(options.connectTimeoutMillis() + 1000, TimeUnit.MILLISECONDS)) {
            connected.channel().close();
            throw new LevelShareException("levelshare: timed out connecting to " + endpoint + " (leader of " + wanted + ")");
        }
        if (!connected.isSuccess()) {
            throw new LevelShareException(endpoint.describeConnectFailure(wanted, connected.cause()),
                    connected.cause());
        }
        RemoteConnection connection = new RemoteConnection(connected.channel(), wanted, options);
        dispatcher.attach(connection);
        try {
            connection.handshake(endpoint, canonicalDbPath);
        } catch (RuntimeException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    private void handshake(Endpoint endpoint, String canonicalDbPath) {
        ByteBuf preamble = channel.alloc().ioBuffer(FrameLayout.PREAMBLE_BYTES);
        preamble.writeBytes(FrameLayout.MAGIC);
        preamble.writeShort(FrameLayout.PROTOCOL_VERSION);
        enqueue(preamble);
        if (endpoint.isTcp()) {
            byte[] token = endpoint.token();
            call(Opcode.AUTH, token.length + 4, out -> Wire.writeBytes(out, token), in -> null);
        }
        Hello.ClientHello hello = new Hello.ClientHello(canonicalDbPath, CurrentProcess.pid(), options.clientName());
        server = call(Opcode.HELLO, 64, hello::writeTo, Hello.ServerHello::readFrom);
        dbPath = server.dbPath;
    }

    /** What the server said about itself in the handshake. */
    public Hello.ServerHello server() {
        return server;
    }

    public String dbPath() {
        return dbPath;
    }

    /** Runs {@code action} (on an event loop thread: it must not block) once the connection is lost or closed. */
    public void whenLost(Runnable action) {
        channel.closeFuture().addListener(f -> action.run());
    }

    /** Requests sent and not yet answered, failed or timed out. */
    public int requestsInFlight() {
        return pending.size();
    }

    public boolean isOpen() {
        return closeCause == null && channel.isActive();
    }

    /** Sends a request and waits for its response. */
    <T> T call(byte opcode, int sizeHint, PayloadWriter writer, ResponseReader<T> reader) {
        return await(start(opcode, sizeHint, writer, reader));
    }

    /** Sends a request without waiting; the caller awaits it with {@link #await}. */
    <T> PendingCall<T> start(byte opcode, int sizeHint, PayloadWriter writer, ResponseReader<T> reader) {
        int id = nextId();
        PendingCall<T> call = new PendingCall<>(id, reader, Opcode.name(opcode) + " on " + dbPath);
        ByteBuf frame = Wire.beginFrame(channel.alloc(), opcode, id, sizeHint);
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
            throw closed.rethrownHere();
        }
        enqueue(frame);
        return call;
    }

    /** Waits for a call; one that times out is forgotten, so a response that never comes leaks nothing. */
    <T> T await(PendingCall<T> call) {
        return call.await(requestTimeoutNanos(), () -> pending.remove(call.id, call));
    }

    private long requestTimeoutNanos() {
        return TimeUnit.MILLISECONDS.toNanos(options.requestTimeoutMillis());
    }

    private int nextId() {
        int id;
        do {
            id = ids.incrementAndGet();
        } while (id == 0);
        return id;
    }

    private void enqueue(ByteBuf frame) {
        outbound.add(frame);
        if (flushScheduled.compareAndSet(false, true)) {
            channel.eventLoop().execute(flushTask);
        }
    }

    private void flushOutbound() {
        flushScheduled.set(false);
        ByteBuf frame;
        boolean wrote = false;
        while ((frame = outbound.poll()) != null) {
            channel.write(frame, channel.voidPromise());
            wrote = true;
        }
        if (wrote) {
            channel.flush();
        }
    }

    private void dispatch(Frame frame) {
        if (frame.requestId() == 0 && frame.opcode() == Opcode.ERROR) {
            // A refusal of the whole connection (e.g. protocol version): every request fails with its message.
            ByteBuf payload = frame.payload();
            payload.skipBytes(1);
            connectionLost(new LevelShareException(Wire.readString(payload)));
            return;
        }
        PendingCall<?> call = pending.remove(frame.requestId());
        if (call == null) {
            log.debug("response to unknown request {} (timed out?)", frame.requestId());
            return;
        }
        if (frame.opcode() == Opcode.OK) {
            call.complete(frame.payload());
        } else if (frame.opcode() == Opcode.ERROR) {
            ByteBuf payload = frame.payload();
            try {
                ErrorCode code = ErrorCode.of(Wire.readByte(payload));
                call.completeWithError(code, Wire.readString(payload));
            } catch (RuntimeException e) {
                call.fail(new LevelShareException("levelshare: malformed error response to " + call.description()));
            }
        } else {
            call.fail(new LevelShareException("levelshare: unexpected " + Opcode.name(frame.opcode())
                    + " in response to " + call.description()));
        }
    }

    /** Fails every request in flight: the server is gone or the stream is unusable. */
    private void connectionLost(Throwable cause) {
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
        ByteBuf frame;
        while ((frame = outbound.poll()) != null) {
            frame.release();
        }
    }

    /** Closes the connection; the server frees everything this client held (iterators, snapshots). */
    @Override
    public void close() {
        if (closeCause == null) {
            closeCause = new LeaderLostException("levelshare: connection to the leader of " + dbPath + " was closed");
        }
        channel.close().awaitUninterruptibly();
        connectionLost(null);
    }

    /**
     * Reads response frames and hands them to the connection. A server may answer before the connection object exists
     * (a refused peer is told so at once): such frames wait here, and are dispatched, in order, before the connection
     * hears of the close that follows them, so the client sees the refusal's message rather than "connection lost".
     */
    private static final class ResponseDispatcher extends ChannelInboundHandlerAdapter {
        private RemoteConnection connection; // event loop only
        private final java.util.List<Frame> early = new java.util.ArrayList<>();

        void attach(RemoteConnection c) {
            c.channel.eventLoop().execute(() -> {
                connection = c;
                for (Frame frame : early) {
                    try {
                        c.dispatch(frame);
                    } finally {
                        frame.release();
                    }
                }
                early.clear();
                c.channel.closeFuture().addListener(f -> c.connectionLost(null));
            });
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (connection == null && msg instanceof Frame) {
                early.add((Frame) msg);
                return;
            }
            try {
                if (msg instanceof Frame) {
                    connection.dispatch((Frame) msg);
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (connection != null) {
                connection.connectionLost(cause);
            }
            ctx.close();
        }
    }
}
