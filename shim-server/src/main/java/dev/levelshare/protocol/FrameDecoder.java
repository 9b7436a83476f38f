package dev.levelshare.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;

import java.util.List;

/**
 * Splits the byte stream into {@link Frame}s (see {@link FrameLayout}).
 *
 * <p>A frame longer than {@code maxFrameBytes} is not buffered: its header becomes an {@link OversizeFrame} so the
 * request can be refused by id, and its body is skipped as it arrives. A length below the header size cannot be
 * resynchronised from, so it raises {@link CorruptedFrameException} and the owner closes the connection.
 *
 * <p>One frame per {@code decode} call, as Netty's own frame decoders do: each frame is handled before the next is
 * decoded, so a handler that refuses a frame (and removes this decoder) is not overtaken by an error in the bytes
 * that followed it.
 */
public final class FrameDecoder extends ByteToMessageDecoder {
    private final int maxFrameBytes;
    private long bytesToDiscard;
    private boolean corrupted;

    public FrameDecoder(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (corrupted) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (bytesToDiscard > 0) {
            int skip = (int) Math.min(bytesToDiscard, in.readableBytes());
            in.skipBytes(skip);
            bytesToDiscard -= skip;
            if (bytesToDiscard > 0) {
                return;
            }
        }
        if (in.readableBytes() < FrameHeader.BYTES) {
            return;
        }
        int start = in.readerIndex();
        int length = FrameHeader.length(in, start);
        if (!FrameHeader.isValidLength(length)) {
            corrupted = true;
            in.skipBytes(in.readableBytes());
            throw new CorruptedFrameException(FrameHeader.invalidLength(length));
        }
        byte opcode = FrameHeader.opcode(in, start);
        int requestId = FrameHeader.requestId(in, start);
        if (length > maxFrameBytes) {
            in.skipBytes(FrameHeader.BYTES);
            bytesToDiscard = FrameHeader.bodyBytes(length);
            out.add(new OversizeFrame(opcode, requestId, length, maxFrameBytes));
            return;
        }
        if (in.readableBytes() < FrameHeader.frameBytes(length)) {
            return;
        }
        in.skipBytes(FrameHeader.BYTES);
        ByteBuf payload = in.readRetainedSlice(FrameHeader.bodyBytes(length));
        out.add(new Frame(opcode, requestId, payload));
    }

    private int truncatedBytes;

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        if (!corrupted) {
            decode(ctx, in, out);
        }
        truncatedBytes = in.readableBytes() + (int) Math.min(Integer.MAX_VALUE, bytesToDiscard);
        in.skipBytes(in.readableBytes());
    }

    /** Bytes of an unfinished frame the peer left when it closed: worth one log line. */
    public int truncatedBytes() {
        return truncatedBytes;
    }
}
