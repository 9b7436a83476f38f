package dev.levelshare.cli;

/** A tool could not do its job (exit 1): the message says why, for the user. */
final class ToolFailure extends Exception {
    private static final long serialVersionUID = 1L;

    ToolFailure(String message) {
        super(message);
    }

    ToolFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
