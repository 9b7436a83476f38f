package dev.levelshare.server;

import dev.levelshare.protocol.FrameLayout;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Checks the connection preamble ({@link FrameLayout}): a peer that is not a levelshare client is dropped with one log
 * line; a client of another protocol version is told so and dropped. Removes itself once the preamble is accepted, and
 * the bytes after it flow on to the frame decoder.
 */
final class PreambleDecoder extends ByteToMessageDecoder {
    private static final Logger log = LoggerFactory.getLogger(PreambleDecoder.class);

    private final ServedConnection connection;

    PreambleDecoder(ServedConnection connection) {
        this.connection = connection;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < FrameLayout.PREAMBLE_BYTES) {
            return;
        }
        for (int i = 0; i < FrameLayout.MAGIC.length; i++) {
            if (in.getByte(in.readerIndex() + i) != FrameLayout.MAGIC[i]) {
                log.warn("{} is not a levelshare client (first bytes {}); closing", connection.describePeer(),
                        ByteBufUtil.hexDump(in, in.readerIndex(), Math.min(16, in.readableBytes())));
                in.skipBytes(in.readableBytes());
                ctx.close();
                return;
            }
        }
        int version = in.getUnsignedShort(in.readerIndex() + FrameLayout.MAGIC.length);
        if (version != FrameLayout.PROTOCOL_VERSION) {
            String message = "levelshare: protocol version " + version + " is not supported; this server speaks version "
                    + FrameLayout.PROTOCOL_VERSION;
            log.warn("{} speaks protocol version {}, this server {}; refusing", connection.describePeer(), version,
                    FrameLayout.PROTOCOL_VERSION);
            in.skipBytes(in.readableBytes());
            ErrorFrames.refuseAndClose(ctx, 0, message);
            return;
        }
        in.skipBytes(FrameLayout.PREAMBLE_BYTES);
        ctx.pipeline().remove(this);
    }
}
