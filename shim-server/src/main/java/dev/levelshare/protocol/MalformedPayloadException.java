package dev.levelshare.protocol;

/** A frame's payload does not match the layout its opcode prescribes. The frame is refused; the stream is intact. */
public final class MalformedPayloadException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MalformedPayloadException(String message) {
        super(message);
    }
}
