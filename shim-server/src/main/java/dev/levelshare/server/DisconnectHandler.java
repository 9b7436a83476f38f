package dev.levelshare.server;

import dev.levelshare.engine.CompactionSuspensions;
import dev.levelshare.protocol.FrameDecoder;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executor;

/**
 * Last in the pipeline: when the connection ends, frees what the client left behind and resumes compactions it left
 * suspended (off the event loop). Runs in channelInactive, after the frame decoder has seen the final bytes, so a peer
 * that hangs up mid-frame is reported.
 */
final class DisconnectHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(DisconnectHandler.class);

    private final ServedConnection connection;
    private final FrameDecoder frames;
    private final Executor blocking;
    private final CompactionSuspensions suspensions;
    private final ServerStats stats;
    private final LiveConnections live;

    DisconnectHandler(ServedConnection connection, FrameDecoder frames, Executor blocking,
                      CompactionSuspensions suspensions, ServerStats stats, LiveConnections live) {
        this.connection = connection;
        this.frames = frames;
        this.blocking = blocking;
        this.suspensions = suspensions;
        this.stats = stats;
        this.live = live;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        stats.disconnected(connection);
        if (frames.truncatedBytes() > 0) {
            log.warn("{} disconnected in the middle of a frame ({} bytes unread)", connection.describePeer(),
                    frames.truncatedBytes());
        }
        int left;
        try {
            left = connection.resources.releaseAll();
        } finally {
            live.released();
        }
        if (left > 0) {
            log.info("{} disconnected with compactions suspended {} time(s); resuming them", connection.describePeer(),
                    left);
            blocking.execute(() -> {
                for (int i = 0; i < left; i++) {
                    suspensions.resume();
                }
            });
        }
        super.channelInactive(ctx);
    }
}
