package dev.levelshare.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * levelshare settings, looked up in order of precedence: explicit values (the agent's arguments), system properties
 * {@code levelshare.<key>}, environment variables {@code LEVELSHARE_<KEY>} (camelCase becomes UPPER_SNAKE).
 */
public final class Settings {
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
