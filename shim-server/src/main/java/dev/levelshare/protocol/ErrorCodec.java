package dev.levelshare.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * ERROR frames: {@code byte code, string message}, the answer to a failed request (by its id) or, with request id 0,
 * the refusal of a whole connection.
 */
public final class ErrorCodec {
    private ErrorCodec() {}

    /** A decoded ERROR. */
    public static final class Error {
        public final ErrorCode code;
        public final String message;

        Error(ErrorCode code, String message) {
            this.code = code;
            this.message = message;
        }
    }

    public static ByteBuf frame(ByteBufAllocator alloc, int requestId, ErrorCode code, String message) {
        ByteBuf frame = Wire.beginFrame(alloc, Opcode.ERROR, requestId, 64);
        frame.writeByte(code.code());
        Wire.writeString(frame, message);
        return Wire.endFrame(frame);
    }

    public static Error read(ByteBuf in) {
        return new Error(ErrorCode.of(Wire.readByte(in)), Wire.readString(in));
    }
}
