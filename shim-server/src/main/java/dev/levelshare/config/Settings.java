package dev.levelshare.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * levelshare settings, looked up in order of precedence: explicit values (the agent's arguments), system properties
 * {@code levelshare.<key>}, environment variables {@code LEVELSHARE_<KEY>} (camelCase becomes UPPER_SNAKE).
 *
 * <p>Each documented setting (README.md, Configuration) is read by its own method here, the one place that knows its
 * key and its default; the rest of levelshare asks these methods.
 */
public final class Settings {
    /** {@link #pollMicros()} unless set. */
    public static final long DEFAULT_POLL_MICROS = 50;
    /** {@link #failoverDeadlineMillis()} unless set. */
    public static final long DEFAULT_FAILOVER_DEADLINE_MILLIS = 30_000;
    /** {@link #minFreeDiskMb()} unless set. */
    public static final long DEFAULT_MIN_FREE_DISK_MB = 64;
    /** {@link #maxWriteBufferMb()} unless set. */
    public static final long DEFAULT_MAX_WRITE_BUFFER_MB = 1;

    private final Map<String, String> explicit;
    private final Map<String, String> environment;

    private Settings(Map<String, String> explicit, Map<String, String> environment) {
        this.explicit = explicit;
        this.environment = environment;
    }

    /** Settings from system properties and the environment only. */
    public static Settings fromSystem() {
        return new Settings(Collections.emptyMap(), System.getenv());
    }

    /** Settings with explicit values (highest precedence) over system properties and the environment. */
    public static Settings withExplicit(Map<String, String> explicit) {
        return new Settings(new LinkedHashMap<>(explicit), System.getenv());
    }

    public String get(String key, String defaultValue) {
        String value = explicit.get(key);
        if (value == null) {
            value = System.getProperty("levelshare." + key);
        }
        if (value == null) {
            value = environment.get(environmentName(key));
        }
        return value == null || value.isEmpty() ? defaultValue : value;
    }

    public boolean getBoolean(String key, boolean defaultValue) {
        String value = get(key, null);
        if (value == null) {
            return defaultValue;
        }
        switch (value.toLowerCase(Locale.ROOT)) {
            case "true": case "yes": case "1": case "on": return true;
            case "false": case "no": case "0": case "off": return false;
            default: throw new IllegalArgumentException("levelshare setting " + key + "=" + value
                    + " is not a boolean (true/false)");
        }
    }

    public long getLong(String key, long defaultValue) {
        String value = get(key, null);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("levelshare setting " + key + "=" + value + " is not a number", e);
        }
    }

    /** {@code enabled}: false makes the agent instrument nothing. */
    public boolean enabled() {
        return getBoolean("enabled", true);
    }

    /** {@code retry}: calls in flight when a leader dies are sent again to the next one. */
    public boolean retry() {
        return getBoolean("retry", true);
    }

    /** {@code failoverDeadlineMs}: how long an open or a call waits for a (new) leader. */
    public long failoverDeadlineMillis() {
        return getLong("failoverDeadlineMs", DEFAULT_FAILOVER_DEADLINE_MILLIS);
    }

    /** {@code logLevel}: the agent's stderr lines, trace to off. */
    public String logLevel() {
        return get("logLevel", "info").trim();
    }

    /** {@code socketDir}, or null for the default. */
    public String socketDir() {
        return get("socketDir", null);
    }

    /** {@code allowUids}: comma-separated uids also admitted to a leader's socket; null if none. */
    public String allowUids() {
        return get("allowUids", null);
    }

    /** {@code allowGroups}: comma-separated groups (names or gids) also admitted; null if none. */
    public String allowGroups() {
        return get("allowGroups", null);
    }

    /** {@code pollMicros}: how long a side that expects a message soon polls before it sleeps. */
    public long pollMicros() {
        return getLong("pollMicros", DEFAULT_POLL_MICROS);
    }

    /** {@code clientTransport}: {@code auto} or {@code netty}. */
    public String clientTransport() {
        return get("clientTransport", "auto").trim();
    }

    /** {@code maxWriteBufferMb}: the largest write buffer an engine levelshare opens gets (0: uncapped). */
    public long maxWriteBufferMb() {
        return getLong("maxWriteBufferMb", DEFAULT_MAX_WRITE_BUFFER_MB);
    }

    /** {@code exactlyOnce}: a follower's writes carry ids so that one sent again is applied at most once. */
    public boolean exactlyOnce() {
        return getBoolean("exactlyOnce", true);
    }

    /** {@code minFreeDiskMb}: free space kept on the DB's file system (0: no guard). */
    public long minFreeDiskMb() {
        return getLong("minFreeDiskMb", DEFAULT_MIN_FREE_DISK_MB);
    }

    /** {@code leadingEngine}: {@code auto} (leveldbjni leads iq80 apps' DBs where it loads) or {@code app}. */
    public String leadingEngine() {
        return get("leadingEngine", "auto").trim();
    }

    /** {@code socketDir} becomes {@code LEVELSHARE_SOCKET_DIR}. */
    static String environmentName(String key) {
        StringBuilder name = new StringBuilder("LEVELSHARE_");
        for (char c : key.toCharArray()) {
            if (Character.isUpperCase(c)) {
                name.append('_');
            }
            name.append(Character.toUpperCase(c));
        }
        return name.toString();
    }
}
