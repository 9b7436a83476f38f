package dev.levelshare.protocol;

import io.netty.buffer.ByteBuf;

/**
 * Who sent a write, so that a leader applies it at most once however often it arrives (exactly-once across failover).
 * A writer (one process's open of one DB) numbers its writes ({@code seq}, increasing) and sends each on a
 * {@code slot} it holds alone until the write's outcome is known; a slot's writes therefore arrive in order, and a
 * leader need only remember the last {@code seq} it applied on each slot to tell a write it already applied.
 *
 * <pre>
 * long writer, int slot, long seq
 * </pre>
 */
public final class WriteId {
    static final int BYTES = 8 + 4 + 8;

    public final long writer;
    public final int slot;
    public final long seq;

    public WriteId(long writer, int slot, long seq) {
        this.writer = writer;
        this.slot = slot;
        this.seq = seq;
    }

    void writeTo(ByteBuf out) {
        out.writeLong(writer);
        out.writeInt(slot);
        out.writeLong(seq);
    }

    static WriteId readFrom(ByteBuf in) {
        long writer = Wire.readLong(in);
        int slot = Wire.readInt(in);
        long seq = Wire.readLong(in);
        if (writer == 0 || slot < 0) {
            throw new MalformedPayloadException("write id with writer " + writer + " and slot " + slot);
        }
        return new WriteId(writer, slot, seq);
    }

    @Override
    public String toString() {
        return "write " + Long.toHexString(writer) + "/" + slot + "#" + seq;
    }
}
