package dev.levelshare.party;

import dev.levelshare.config.Settings;
import dev.levelshare.logging.LogLevel;
import org.iq80.leveldb.DB;

import java.io.File;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentMap;

/**
 * Where the agent hands over. The agent loads this class (and the rest of the core) in an isolated class loader per
 * {@code org.iq80.leveldb} API loader and calls it reflectively, with {@code java.*} types only, so nothing here is
 * visible to, or clashes with, the app's classes.
 */
public final class AgentEntry {
    private static volatile Party party;

    private AgentEntry() {}

    /** Called once per isolated core before the first open. {@code jvmClaims} is shared by every core of the JVM. */
    public static void configure(Map<String, String> agentArguments, ConcurrentMap<String, Object> jvmClaims) {
        Settings settings = Settings.withExplicit(agentArguments);
        LogLevel.setThreshold(LogLevel.parse(settings.get("logLevel", "info")));
        party = new Party(PartySettings.from(settings), new DirectoryClaims(jvmClaims));
    }

    /**
     * The app's {@code open(dir, options)}: a handle to the shared DB. {@code realOpen} runs the factory's own open
     * (the agent lets that one call through untouched); it is called only if this process must try the lock.
     */
    public static Object open(File dir, Callable<Object> realOpen) throws IOException {
        Party current = party;
        if (current == null) {
            throw new IllegalStateException("levelshare: the agent did not configure the core before the first open");
        }
        return current.open(dir, () -> {
            try {
                return (DB) realOpen.call();
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(e);
            }
        });
    }
}
