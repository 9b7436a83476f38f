package dev.levelshare.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.util.AbstractReferenceCounted;
import io.netty.util.ReferenceCounted;

/** One decoded frame. Owns its payload: whoever receives a frame releases it. */
public final class Frame extends AbstractReferenceCounted {
    private final byte opcode;
    private final int requestId;
    private final ByteBuf payload;

    public Frame(byte opcode, int requestId, ByteBuf payload) {
        this.opcode = opcode;
        this.requestId = requestId;
        this.payload = payload;
    }

    public byte opcode() {
        return opcode;
    }

    public int requestId() {
        return requestId;
    }

    public ByteBuf payload() {
        return payload;
    }

    @Override
    protected void deallocate() {
        payload.release();
    }

    @Override
    public ReferenceCounted touch(Object hint) {
        payload.touch(hint);
        return this;
    }

    @Override
    public String toString() {
        return Opcode.name(opcode) + "#" + requestId + "(" + payload.readableBytes() + " bytes)";
    }
}
