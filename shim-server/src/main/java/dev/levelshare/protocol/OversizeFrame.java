package dev.levelshare.protocol;

/**
 * A frame longer than the receiver accepts. Its bytes are skipped, not buffered; its header is kept so the peer can be
 * told which request was refused, and the connection stays usable.
 */
public final class OversizeFrame {
    private final byte opcode;
    private final int requestId;
    private final long length;
    private final int limit;

    public OversizeFrame(byte opcode, int requestId, long length, int limit) {
        this.opcode = opcode;
        this.requestId = requestId;
        this.length = length;
        this.limit = limit;
    }

    public byte opcode() {
        return opcode;
    }

    public int requestId() {
        return requestId;
    }

    public String describe() {
        return Opcode.name(opcode) + " request of " + length + " bytes exceeds the frame limit of " + limit + " bytes";
    }
}
