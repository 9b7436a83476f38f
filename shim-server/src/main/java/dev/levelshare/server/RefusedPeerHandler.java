package dev.levelshare.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline of a Unix socket peer the {@link PeerPolicy} does not admit: says so in one error frame, logs one
 * line, and closes. Nothing the peer sends is processed, and the refusal names no DB, path or pid.
 */
final class RefusedPeerHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(RefusedPeerHandler.class);

    private final long pid;
    private final int uid;
    private final PeerPolicy policy;

    RefusedPeerHandler(long pid, int uid, PeerPolicy policy) {
        this.pid = pid;
        this.uid = uid;
        this.policy = policy;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        log.warn("refused peer pid {} uid {}: not allowed (allowed: {}; see allowUids/allowGroups)", pid, uid,
                policy.describe());
        ErrorFrames.refuseAccessAndClose(ctx, 0, "levelshare: uid " + uid + " may not use this socket");
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
