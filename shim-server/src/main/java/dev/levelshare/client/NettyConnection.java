package dev.levelshare.client;

import dev.levelshare.LevelShareException;
import dev.levelshare.protocol.Frame;
import dev.levelshare.protocol.FrameDecoder;
import dev.levelshare.transport.Polling;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.util.ReferenceCountUtil;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The transport for JVMs whose JDK has no Unix-domain {@link java.nio.channels.SocketChannel} (Java 11 to 15): the
 * process's one client event loop does the I/O. Callers encode their request on their own thread and queue it; one
 * task on the event loop writes everything queued and flushes once, so many concurrent callers cost one write. The
 * event loop hands each answer to its call; the caller polls briefly for it ({@link Polling}), then parks until the
 * event loop wakes it.
 */
final class NettyConnection extends Connection {
    /** Responses come from the leader we chose to trust; the limit only guards against a corrupt stream. */
    private static final int MAX_RESPONSE_FRAME_BYTES = Integer.MAX_VALUE - 64;

    private final Channel channel;
    private final Queue<ByteBuf> outbound = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    private final Runnable flushTask = this::flushOutbound;

    private NettyConnection(Channel channel, String dbPath, ClientOptions options) {
        super(dbPath, options);
        this.channel = channel;
    }

    /**
     * Connects to the server at {@code endpoint} (presenting its token first over TCP) and checks that it serves
     * {@code canonicalDbPath}; {@link dev.levelshare.protocol.Hello#ANY_DB} accepts whatever it serves.
     */
    static NettyConnection connect(Endpoint endpoint, String canonicalDbPath, String wanted, ClientOptions options) {
        ResponseDispatcher dispatcher = new ResponseDispatcher();
        Bootstrap bootstrap = new Bootstrap()
                .group(ClientEventLoop.group())
                .channel(endpoint.nettyChannelType())
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
        ChannelFuture connected = bootstrap.connect(endpoint.nettyAddress());
        if (!connected.awaitUninterruptibly(options.connectTimeoutMillis() + 1000, TimeUnit.MILLISECONDS)) {
            connected.channel().close();
            throw new LevelShareException("levelshare: timed out connecting to " + endpoint + " (leader of " + wanted + ")");
        }
        if (!connected.isSuccess()) {
            throw endpoint.connectFailure(wanted, connected.cause());
        }
        NettyConnection connection = new NettyConnection(connected.channel(), wanted, options);
        dispatcher.attach(connection);
        try {
            connection.handshake(endpoint, canonicalDbPath);
        } catch (RuntimeException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    @Override
    ByteBufAllocator alloc() {
        return channel.alloc();
    }

    @Override
    boolean isOpen() {
        return super.isOpen() && channel.isActive();
    }

    @Override
    void send(ByteBuf frame) {
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

    /** Polls for the answer briefly (at most half the cores at once), then parks until the event loop hands it over. */
    @Override
    <T> T await(PendingCall<T> call) {
        long deadline = call.deadline;
        if (!call.isDone() && options.polling().polls() && Polling.tryStartSpinning()) {
            try {
                long pollUntil = System.nanoTime() + options.polling().budgetNanos();
                for (int step = 0; !call.isDone() && System.nanoTime() < pollUntil; step++) {
                    Polling.pause(step);
                }
            } finally {
                Polling.stopSpinning();
            }
        }
        boolean interrupted = false;
        call.waitingThread(Thread.currentThread());
        try {
            while (!call.isDone()) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    forget(call);
                    if (call.abandon()) {
                        throw timedOut(call);
                    }
                    break;
                }
                LockSupport.parkNanos(this, remaining);
                if (Thread.interrupted()) {
                    interrupted = true; // a DB call is not interruptible; the flag is restored afterwards
                }
            }
        } finally {
            call.waitingThread(null);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return call.result();
    }

    @Override
    void closeTransport() {
        channel.close().awaitUninterruptibly();
        ByteBuf frame;
        while ((frame = outbound.poll()) != null) {
            frame.release();
        }
    }

    /**
     * Reads response frames and hands them to the connection. A server may answer before the connection object exists
     * (a refused peer is told so at once): such frames wait here, and are dispatched, in order, before the connection
     * hears of the close that follows them, so the client sees the refusal's message rather than "connection lost".
     */
    private static final class ResponseDispatcher extends ChannelInboundHandlerAdapter {
        private NettyConnection connection; // event loop only
        private final List<Frame> early = new ArrayList<>();

        void attach(NettyConnection c) {
            c.channel.eventLoop().execute(() -> {
                connection = c;
                for (Frame frame : early) {
                    dispatch(c, frame);
                }
                early.clear();
                c.channel.closeFuture().addListener(f -> c.connectionLost(null));
            });
        }

        /** The payload is copied to the heap: the waiting thread decodes it later, while the read buffer is reused. */
        private static void dispatch(NettyConnection c, Frame frame) {
            try {
                c.dispatch(frame.opcode(), frame.requestId(), Unpooled.copiedBuffer(frame.payload()));
            } finally {
                frame.release();
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (connection == null && msg instanceof Frame) {
                early.add((Frame) msg);
            } else if (msg instanceof Frame) {
                dispatch(connection, (Frame) msg);
            } else {
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
