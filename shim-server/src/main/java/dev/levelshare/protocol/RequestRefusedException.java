package dev.levelshare.protocol;

import dev.levelshare.LevelShareException;

/** levelshare refused a request (a limit, read-only mode, an oversize or malformed frame); carries the wire code. */
public final class RequestRefusedException extends LevelShareException {
    private static final long serialVersionUID = 1L;
    private final ErrorCode code;

    public RequestRefusedException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
