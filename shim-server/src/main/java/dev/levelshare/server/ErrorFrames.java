package dev.levelshare.server;

import dev.levelshare.protocol.ErrorCode;
import dev.levelshare.protocol.Opcode;
import dev.levelshare.protocol.ErrorCodec;
import io.netty.channel.ChannelHandlerContext;

/** Refuses a peer's whole connection with an {@link Opcode#ERROR} frame it can read. */
final class ErrorFrames {
    private ErrorFrames() {}

    /**
     * Refuses a peer's connection: one {@link ErrorCode#HANDSHAKE_REFUSED} frame, then the connection is closed in a
     * way that lets the peer read it ({@link LingeringClose}). Nothing the peer sends afterwards is processed.
     */
    static void refuseAndClose(ChannelHandlerContext ctx, int requestId, String message) {
        refuseAndClose(ctx, requestId, ErrorCode.HANDSHAKE_REFUSED, message);
    }

    /** {@link #refuseAndClose} for a peer that may not use this server at all ({@link ErrorCode#ACCESS_REFUSED}). */
    static void refuseAccessAndClose(ChannelHandlerContext ctx, int requestId, String message) {
        refuseAndClose(ctx, requestId, ErrorCode.ACCESS_REFUSED, message);
    }

    private static void refuseAndClose(ChannelHandlerContext ctx, int requestId, ErrorCode code, String message) {
        LingeringClose.sendAndClose(ctx, ErrorCodec.frame(ctx.alloc(), requestId, code, message));
    }
}
