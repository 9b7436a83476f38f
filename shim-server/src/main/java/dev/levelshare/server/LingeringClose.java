package dev.levelshare.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Sends a connection's last frame and closes it so that the peer gets to read that frame.
 *
 * <p>Closing right after the write can cost the peer the frame: if bytes the peer sent are still unread here when the
 * socket closes, or the peer writes (its hello, say) after the close, its kernel reports a reset or a broken pipe,
 * and Netty closes a channel whose write failed before it reads what arrived. So this shuts our output down after the
 * frame (the peer reads the frame, then end of stream), keeps reading and dropping whatever the peer still sends
 * (the decoders are removed, so not even bytes that arrived with the refused frame are decoded, and nothing reaches the
 * rest of the pipeline), and closes when the peer closes or after {@link #LINGER_MILLIS},
 * whichever comes first; a peer cannot hold the connection open longer than that.
 */
final class LingeringClose extends ChannelInboundHandlerAdapter {
    static final long LINGER_MILLIS = 2_000;
    private static final String NAME = "lingering-close";

    private ScheduledFuture<?> deadline;

    private LingeringClose() {}

    /** Writes {@code lastFrame}, then closes the connection as described above. */
    static void sendAndClose(ChannelHandlerContext ctx, ByteBuf lastFrame) {
        Channel channel = ctx.channel();
        LingeringClose lingering = channel.pipeline().get(LingeringClose.class);
        if (lingering == null) {
            lingering = new LingeringClose();
            channel.pipeline().addFirst(NAME, lingering);
        }
        for (Map.Entry<String, ChannelHandler> entry : channel.pipeline()) {
            if (entry.getValue() instanceof ByteToMessageDecoder) {
                channel.pipeline().remove(entry.getValue());
            }
        }
        LingeringClose handler = lingering;
        ctx.writeAndFlush(lastFrame).addListener((ChannelFuture written) -> handler.lingerOrClose(written));
        channel.config().setAutoRead(true);
    }

    private void lingerOrClose(ChannelFuture written) {
        Channel channel = written.channel();
        if (!written.isSuccess() || !(channel instanceof DuplexChannel) || !channel.isActive()) {
            channel.close();
            return;
        }
        ((DuplexChannel) channel).shutdownOutput().addListener(shut -> {
            if (!shut.isSuccess()) {
                channel.close();
            }
        });
        if (deadline == null) {
            deadline = channel.eventLoop().schedule(() -> channel.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // Nothing was passed on, so there is nothing for the rest of the pipeline to complete.
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (deadline != null) {
            deadline.cancel(false);
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A reset from a peer that has already gone is the expected end here, not news worth a log line.
        ctx.close();
    }
}
