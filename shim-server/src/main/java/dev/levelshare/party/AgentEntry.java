package dev.levelshare.party;

import dev.levelshare.config.Settings;
import dev.levelshare.logging.LogLevel;
import dev.levelshare.engine.LocalEngine;
import dev.levelshare.transport.NettyJfr;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.Options;

import java.io.File;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiFunction;

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
        NettyJfr.offUnlessSet();
        Settings settings = Settings.withExplicit(agentArguments);
        LogLevel.setThreshold(LogLevel.parse(settings.get("logLevel", "info")));
        party = new Party(PartySettings.from(settings), new DirectoryClaims(jvmClaims));
    }

    /**
     * The app's {@code open(dir, options)}: a handle to the shared DB. {@code realOpen} runs the factory's own open
     * with {@code options} (the agent lets that one call through untouched); it is called only if this process must try
     * the lock, with the write buffer capped as the {@code maxWriteBufferMb} setting says ({@link WriteBufferCap}).
     * {@code openElsewhere} opens another directory with the same factory (to warm the engine up), or is null.
     */
    public static Object open(File dir, Object options, Callable<Object> realOpen,
                              BiFunction<File, Object, Object> openElsewhere) throws IOException {
        Party current = party;
        if (current == null) {
            throw new IllegalStateException("levelshare: the agent did not configure the core before the first open");
        }
        WriteBufferCap cap = current.writeBufferCap();
        return current.open(dir, new DbOpener() {
            // Made with the opener, not in open(): a promoted follower calls open() for the first time during the
            // failover, and a lambda's first creation links it (measured: 0.15-0.4 ms in a young JVM).
            private final WriteBufferCap.Opening<DB, IOException> opening = () -> {
                try {
                    return (DB) realOpen.call();
                } catch (IOException | RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IOException(e);
                }
            };

            @Override
            public DB open() throws IOException {
                return cap.during((Options) options, opening);
            }

            @Override
            public LocalEngine.KeyOrder keyOrder() {
                return ((Options) options).comparator() == null ? LocalEngine.KeyOrder.BYTEWISE
                        : LocalEngine.KeyOrder.CUSTOM;
            }

            @Override
            public DB openScratch(File scratch) throws IOException {
                if (openElsewhere == null) {
                    return null; // the agent warms up only engines that gain from it
                }
                try {
                    return (DB) openElsewhere.apply(scratch, new Options().createIfMissing(true));
                } catch (IllegalStateException e) {
                    if (e.getCause() instanceof IOException) {
                        throw (IOException) e.getCause();
                    }
                    throw e;
                }
            }
        });
    }
}
