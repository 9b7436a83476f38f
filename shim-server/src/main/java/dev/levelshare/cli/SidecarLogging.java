package dev.levelshare.cli;

/**
 * slf4j-simple defaults for the sidecar: timestamps and short names; a tool logs only warnings (its stderr is for its
 * own messages). An explicit -D setting wins.
 */
final class SidecarLogging {
    private SidecarLogging() {}

    static void configure(boolean tool) {
        if (tool) {
            setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        setIfAbsent("org.slf4j.simpleLogger.showDateTime", "true");
        setIfAbsent("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd HH:mm:ss.SSS");
        setIfAbsent("org.slf4j.simpleLogger.showShortLogName", "true");
        setIfAbsent("org.slf4j.simpleLogger.showThreadName", "false");
        setIfAbsent("org.slf4j.simpleLogger.levelInBrackets", "true");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
