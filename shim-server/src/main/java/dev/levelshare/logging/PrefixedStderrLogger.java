package dev.levelshare.logging;

import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

import java.io.PrintStream;

/**
 * The agent's log output: one line per event on stderr, prefixed {@code [levelshare]} so it stands out among the
 * app's own output. A throwable is shown as one line unless debug is on: a normal failover is not stack trace spam.
 */
final class PrefixedStderrLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;

    PrefixedStderrLogger(String name) {
        this.name = name;
    }

    @Override public boolean isTraceEnabled() { return LogLevel.enabled(LogLevel.TRACE); }
    @Override public boolean isDebugEnabled() { return LogLevel.enabled(LogLevel.DEBUG); }
    @Override public boolean isInfoEnabled() { return LogLevel.enabled(LogLevel.INFO); }
    @Override public boolean isWarnEnabled() { return LogLevel.enabled(LogLevel.WARN); }
    @Override public boolean isErrorEnabled() { return LogLevel.enabled(LogLevel.ERROR); }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                                               Throwable throwable) {
        StringBuilder line = new StringBuilder("[levelshare] ");
        if (level == Level.WARN || level == Level.ERROR) {
            line.append(level).append(": ");
        } else if (level == Level.DEBUG || level == Level.TRACE) {
            line.append(level).append(' ').append(name.substring(name.lastIndexOf('.') + 1)).append(": ");
        }
        line.append(MessageFormatter.basicArrayFormat(pattern, arguments));
        boolean withStack = throwable != null && isDebugEnabled();
        if (throwable != null && !withStack) {
            line.append(" (").append(throwable).append(')');
        }
        PrintStream err = System.err;
        synchronized (err) {
            err.println(line);
            if (withStack) {
                throwable.printStackTrace(err);
            }
        }
    }
}
