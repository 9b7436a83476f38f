package dev.levelshare.server;

import dev.levelshare.protocol.Frame;
import dev.levelshare.protocol.Hello;
import dev.levelshare.protocol.Opcode;
import dev.levelshare.protocol.OversizeFrame;
import dev.levelshare.protocol.Wire;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * Expects the client's HELLO as the first frame: refuses a client that wants another DB than the one served, and a
 * peer that stays silent past the handshake timeout. On success it answers with the server's HELLO and hands the
 * connection to a {@link RequestHandler}.
 */
final class HandshakeHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(HandshakeHandler.class);

    private final Hello.ServerHello serverHello;
    private final ServedConnection connection;
    private final long timeoutMillis;
    private final ChannelHandler next;
    private ScheduledFuture<?> timeout;
    /** Frames decoded from the same read as a refused one still arrive; they get no second refusal. */
    private boolean refused;

    HandshakeHandler(Hello.ServerHello serverHello, ServedConnection connection, long timeoutMillis,
                     ChannelHandler next) {
        this.serverHello = serverHello;
        this.connection = connection;
        this.timeoutMillis = timeoutMillis;
        this.next = next;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        timeout = ctx.executor().schedule(() -> {
            log.warn("{} sent no levelshare handshake within {} ms; closing", connection.describePeer(), timeoutMillis);
            ctx.close();
        }, timeoutMillis, TimeUnit.MILLISECONDS);
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancelTimeout();
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (refused) {
                return;
            }
            if (!(msg instanceof Frame) || ((Frame) msg).opcode() != Opcode.HELLO) {
                String what = msg instanceof OversizeFrame ? ((OversizeFrame) msg).describe() : String.valueOf(msg);
                refuse(ctx, msg instanceof Frame ? ((Frame) msg).requestId() : 0,
                        "levelshare: expected HELLO as the first frame, got " + what);
                return;
            }
            Frame frame = (Frame) msg;
            Hello.ClientHello hello;
            try {
                hello = Hello.ClientHello.readFrom(frame.payload());
            } catch (RuntimeException e) {
                refuse(ctx, frame.requestId(), "levelshare: malformed HELLO: " + e.getMessage());
                return;
            }
            if (!hello.dbPath.equals(Hello.ANY_DB) && !serverHello.dbPath.equals(hello.dbPath)) {
                refuse(ctx, frame.requestId(), "levelshare: this socket serves " + serverHello.dbPath + ", not "
                        + hello.dbPath);
                return;
            }
            cancelTimeout();
            connection.introduced(hello.name, hello.pid);
            connection.resources.holdWriter(hello.writer, hello.resendWindowMillis);
            ByteBuf reply = Wire.beginFrame(ctx.alloc(), Opcode.OK, frame.requestId(), 128);
            serverHello.writeTo(reply);
            ctx.writeAndFlush(Wire.endFrame(reply));
            ctx.pipeline().replace(this, "requests", next);
            log.debug("{} ({}) connected", connection.describePeer(), hello.name);
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void refuse(ChannelHandlerContext ctx, int requestId, String message) {
        refused = true;
        cancelTimeout();
        log.warn("{} refused: {}", connection.describePeer(), message);
        ErrorFrames.refuseAndClose(ctx, requestId, message);
    }

    private void cancelTimeout() {
        if (timeout != null) {
            timeout.cancel(false);
            timeout = null;
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (PeerGone.is(cause)) {
            log.debug("{} went away during the handshake: {}", connection.describePeer(), cause.toString());
        } else {
            log.warn("{} closed during handshake: {}", connection.describePeer(), cause.toString());
        }
        ctx.close();
    }
}
