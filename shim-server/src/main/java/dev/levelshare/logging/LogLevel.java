package dev.levelshare.logging;

import java.util.Locale;

/** The agent's {@code logLevel} setting; also what {@link PrefixedStderrLogger} compares against. */
public enum LogLevel {
    TRACE, DEBUG, INFO, WARN, ERROR, OFF;

    private static volatile LogLevel threshold = INFO;

    public static LogLevel parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("levelshare setting logLevel=" + value
                    + " is not one of trace, debug, info, warn, error, off");
        }
    }

    /** Sets the level below which the agent's loggers say nothing. */
    public static void setThreshold(LogLevel level) {
        threshold = level;
    }

    static boolean enabled(LogLevel level) {
        return level.ordinal() >= threshold.ordinal() && level != OFF;
    }
}
