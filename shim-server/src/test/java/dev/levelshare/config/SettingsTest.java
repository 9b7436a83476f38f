package dev.levelshare.config;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SettingsTest {
    @Test
    void explicitValuesWinOverSystemPropertiesWhichWinOverDefaults() {
        System.setProperty("levelshare.testKey", "from-property");
        try {
            assertEquals("from-property", Settings.fromSystem().get("testKey", "default"));
            assertEquals("explicit", Settings.withExplicit(Map.of("testKey", "explicit")).get("testKey", "default"));
        } finally {
            System.clearProperty("levelshare.testKey");
        }
        assertEquals("default", Settings.fromSystem().get("testKey", "default"));
    }

    @Test
    void environmentNamesAreUpperSnakeCase() {
        assertEquals("LEVELSHARE_SOCKET_DIR", Settings.environmentName("socketDir"));
        assertEquals("LEVELSHARE_RETRY", Settings.environmentName("retry"));
    }

    @Test
    void badBooleansAndNumbersAreRefusedByName() {
        Settings s = Settings.withExplicit(Map.of("retry", "maybe", "deadline", "soon"));
        assertEquals("levelshare setting retry=maybe is not a boolean (true/false)",
                assertThrows(IllegalArgumentException.class, () -> s.getBoolean("retry", true)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.getLong("deadline", 1));
    }
}
