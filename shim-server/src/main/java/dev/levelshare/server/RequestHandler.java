package dev.levelshare.server;

import dev.levelshare.protocol.ErrorCode;
import dev.levelshare.protocol.ErrorCodec;
import dev.levelshare.protocol.Frame;
import dev.levelshare.protocol.Opcode;
import dev.levelshare.protocol.OversizeFrame;
import dev.levelshare.protocol.Wire;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Serves one connection's requests. Fast requests run on the event loop and their responses are flushed once per read
 * burst; slow ones ({@link Operations#runsOffLoop}) run on the blocking executor so they never delay other clients.
 * A failed request becomes an ERROR frame for that request id; the connection stays up. Reads pause while the peer is
 * not reading its responses, so a client cannot make the server buffer without bound.
 */
final class RequestHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(RequestHandler.class);

    private final Operations operations;
    private final ServedConnection connection;
    private final Executor blocking;
    private final ServerStats stats;
    private final Failpoints failpoints = Failpoints.current();

    RequestHandler(Operations operations, ServedConnection connection, Executor blocking, ServerStats stats) {
        this.operations = operations;
        this.connection = connection;
        this.blocking = blocking;
        this.stats = stats;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof OversizeFrame) {
            OversizeFrame oversize = (OversizeFrame) msg;
            String message = "levelshare: " + oversize.describe();
            logProtocolError(message);
            stats.errorReturned();
            ctx.write(ErrorCodec.frame(ctx.alloc(), oversize.requestId(), ErrorCode.FRAME_TOO_LARGE, message));
            return;
        }
        if (!(msg instanceof Frame)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        Frame frame = (Frame) msg;
        boolean withhold = failpoints.withholdsAnswerTo(frame.opcode(), connection.pid());
        if (withhold || Operations.runsOffLoop(frame)) {
            try {
                blocking.execute(() -> {
                    try {
                        ByteBuf response = respond(ctx, frame);
                        if (withhold) {
                            response.release();
                            failpoints.haltLater();
                        } else {
                            ctx.writeAndFlush(response);
                        }
                    } finally {
                        frame.release();
                    }
                });
            } catch (RejectedExecutionException e) {
                frame.release();
                ctx.write(ErrorCodec.frame(ctx.alloc(), frame.requestId(), ErrorCode.SHUTTING_DOWN,
                        "levelshare: server is shutting down"));
            }
        } else {
            try {
                ctx.write(respond(ctx, frame));
            } finally {
                frame.release();
            }
        }
    }

    private ByteBuf respond(ChannelHandlerContext ctx, Frame frame) {
        ByteBuf out = Wire.beginFrame(ctx.alloc(), Opcode.OK, frame.requestId(), Operations.responseSizeHint(frame));
        try {
            operations.execute(frame, connection, out);
            stats.opServed();
            connection.countOp();
            return Wire.endFrame(out);
        } catch (RuntimeException e) {
            out.release();
            ErrorCode code = ErrorCode.classify(e);
            String message = ErrorCode.messageOf(e);
            if (code == ErrorCode.MALFORMED_REQUEST || code == ErrorCode.UNKNOWN_OPCODE) {
                logProtocolError(Opcode.name(frame.opcode()) + " #" + frame.requestId() + " refused: " + message);
            } else if (code == ErrorCode.DISK_FULL) {
                // The disk guard said so once, as a warning; each refused write is not news.
                log.debug("{} {} #{} refused: {}", connection.describePeer(), Opcode.name(frame.opcode()),
                        frame.requestId(), message);
            } else if (isApiMisuse(code)) {
                // What the engine says to a wrong call (null key, next() past the end): the app gets it exactly as
                // it would locally; it is not the server's failure.
                log.debug("{} {} #{} failed: {} {}", connection.describePeer(), Opcode.name(frame.opcode()),
                        frame.requestId(), code, message);
            } else {
                String note = connection.failedRequestLogNote();
                if (note != null) {
                    log.info("{} ({}): {} #{} failed: {}{}", connection.describePeer(), connection.name(),
                            Opcode.name(frame.opcode()), frame.requestId(), message, note);
                }
            }
            stats.errorReturned();
            return ErrorCodec.frame(ctx.alloc(), frame.requestId(), code, message);
        }
    }

    private static boolean isApiMisuse(ErrorCode code) {
        switch (code) {
            case ILLEGAL_ARGUMENT:
            case NULL_POINTER:
            case NO_SUCH_ELEMENT:
            case UNSUPPORTED_OPERATION:
            case ILLEGAL_STATE:
                return true;
            default:
                return false;
        }
    }

    private void logProtocolError(String message) {
        String note = connection.protocolErrorLogNote();
        if (note != null) {
            log.warn("{}: {}{}", connection.describePeer(), message, note);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
        if (!ctx.channel().isWritable()) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel().isWritable()) {
            ctx.channel().config().setAutoRead(true);
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (PeerGone.is(cause)) {
            log.debug("{} went away: {}", connection.describePeer(), cause.toString());
            ctx.close();
            return;
        }
        Throwable reason = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        log.warn("{}: closing connection: {}", connection.describePeer(), reason.getMessage() != null
                ? reason.getMessage() : reason.toString());
        ctx.close();
    }
}
