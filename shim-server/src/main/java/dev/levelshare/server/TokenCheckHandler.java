package dev.levelshare.server;

import dev.levelshare.protocol.AdminCodec;
import dev.levelshare.protocol.Frame;
import dev.levelshare.protocol.Opcode;
import dev.levelshare.protocol.Wire;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.MessageDigest;

/**
 * On TCP connections, before the handshake: the first frame must be {@link Opcode#AUTH} carrying the server's token.
 * A wrong or missing token is refused with one log line and the connection closed; the peer learns nothing about the
 * DB (not even its path). The comparison takes the same time wherever the tokens differ.
 */
final class TokenCheckHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(TokenCheckHandler.class);

    private final byte[] token;
    private final ServedConnection connection;
    private final ServerStats stats;
    /** Frames decoded from the same read as a refused one still arrive; they are neither refused nor counted again. */
    private boolean refused;

    TokenCheckHandler(byte[] token, ServedConnection connection, ServerStats stats) {
        this.token = token;
        this.connection = connection;
        this.stats = stats;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (refused) {
                return;
            }
            int requestId = msg instanceof Frame ? ((Frame) msg).requestId() : 0;
            if (!(msg instanceof Frame) || ((Frame) msg).opcode() != Opcode.AUTH) {
                refuse(ctx, requestId, "expected AUTH with the token as the first frame, got "
                        + (msg instanceof Frame ? Opcode.name(((Frame) msg).opcode()) : "an oversize frame"));
                return;
            }
            byte[] presented;
            try {
                presented = AdminCodec.readToken(((Frame) msg).payload());
            } catch (RuntimeException e) {
                refuse(ctx, requestId, "malformed AUTH frame");
                return;
            }
            if (presented == null || !MessageDigest.isEqual(token, presented)) {
                refuse(ctx, requestId, "wrong token");
                return;
            }
            ctx.writeAndFlush(Wire.endFrame(Wire.beginFrame(ctx.alloc(), Opcode.OK, requestId, 0)));
            ctx.pipeline().remove(this);
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void refuse(ChannelHandlerContext ctx, int requestId, String reason) {
        refused = true;
        log.warn("{} refused: {}", connection.describePeer(), reason);
        stats.peerRefused();
        ErrorFrames.refuseAccessAndClose(ctx, requestId, "levelshare: TCP access refused: " + reason);
    }
}
