package dev.levelshare.agent;

/**
 * The agent's own few lines before the core (and its slf4j) exists: the same {@code [levelshare]} prefix on stderr.
 * Only failures and, at debug, what was instrumented; nothing on a normal start.
 */
final class AgentLog {
    private static volatile boolean debug;

    private AgentLog() {}

    static void setDebug(boolean enabled) {
        debug = enabled;
    }

    static void debug(String message) {
        if (debug) {
            System.err.println("[levelshare] DEBUG " + message);
        }
    }

    static void error(String message, Throwable cause) {
        System.err.println("[levelshare] ERROR: " + message + (cause == null ? "" : " (" + cause + ")"));
        if (debug && cause != null) {
            cause.printStackTrace();
        }
    }
}
