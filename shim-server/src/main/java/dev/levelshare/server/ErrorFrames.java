package dev.levelshare.server;

import dev.levelshare.protocol.ErrorCode;
import dev.levelshare.protocol.Opcode;
import dev.levelshare.protocol.Wire;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;

/** Builds {@link Opcode#ERROR} frames. */
final class ErrorFrames {
    private ErrorFrames() {}

    static ByteBuf of(ByteBufAllocator alloc, int requestId, ErrorCode code, String message) {
        ByteBuf frame = Wire.beginFrame(alloc, Opcode.ERROR, requestId, 64);
        frame.writeByte(code.code());
        Wire.writeString(frame, message);
        return Wire.endFrame(frame);
    }

    /**
     * Refuses a peer's connection: one {@link ErrorCode#HANDSHAKE_REFUSED} frame, then the connection is closed in a
     * way that lets the peer read it ({@link LingeringClose}). Nothing the peer sends afterwards is processed.
     */
    static void refuseAndClose(ChannelHandlerContext ctx, int requestId, String message) {
        LingeringClose.sendAndClose(ctx, of(ctx.alloc(), requestId, ErrorCode.HANDSHAKE_REFUSED, message));
    }
}
