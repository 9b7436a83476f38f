package dev.levelshare.agent;

import dev.levelshare.config.Settings;
import dev.levelshare.os.NativeLibraryCache;
import dev.levelshare.os.SocketPaths;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Seen leveldbjni's factory class being loaded: its static initializer loads the native library next, so this is the
 * moment to point it at the shared copy ({@link NativeLibraryCache}) instead of a new file in {@code java.io.tmpdir}
 * that a killed JVM would leave behind.
 */
final class LeveldbjniLibrary {
    static final String FACTORY = "org/fusesource/leveldbjni/JniDBFactory";

    private final Map<String, String> arguments;

    LeveldbjniLibrary(Map<String, String> arguments) {
        this.arguments = arguments;
    }

    /** Never fails: if the copy cannot be made, leveldbjni extracts its library as it would without the agent. */
    void beforeFactoryInitializes(ClassLoader loader) {
        try {
            Path dir = NativeLibraryCache.prepare(loader, SocketPaths.fromSettings(Settings.withExplicit(arguments)));
            if (dir != null) {
                AgentLog.debug("leveldbjni loads its native library from " + dir);
            }
        } catch (IOException | RuntimeException e) {
            AgentLog.debug("leveldbjni extracts its own native library: " + e);
        }
    }
}
