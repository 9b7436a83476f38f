package dev.levelshare.party;

import dev.levelshare.config.Settings;
import dev.levelshare.logging.LogLevel;
import dev.levelshare.engine.LeadingEngine;
import dev.levelshare.engine.LocalEngine;
import dev.levelshare.os.LockConflicts;
import dev.levelshare.transport.NettyJfr;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.Options;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    private static final Logger log = LoggerFactory.getLogger(AgentEntry.class);
    private static volatile Party party;
    /** The {@code leadingEngine} setting: {@code auto} lets leveldbjni lead iq80 apps' DBs ({@link LeadingEngine}). */
    private static volatile boolean leveldbjniLeads = true;

    private AgentEntry() {}

    /** Called once per isolated core before the first open. {@code jvmClaims} is shared by every core of the JVM. */
    public static void configure(Map<String, String> agentArguments, ConcurrentMap<String, Object> jvmClaims) {
        NettyJfr.offUnlessSet();
        Settings settings = Settings.withExplicit(agentArguments);
        LogLevel.setThreshold(LogLevel.parse(settings.logLevel()));
        leveldbjniLeads = leadingEngineOf(settings);
        party = new Party(PartySettings.from(settings), new DirectoryClaims(jvmClaims));
    }

    private static boolean leadingEngineOf(Settings settings) {
        String value = settings.leadingEngine();
        if (value.equalsIgnoreCase("auto")) {
            return true;
        } else if (value.equalsIgnoreCase("app")) {
            return false;
        }
        throw new IllegalArgumentException("levelshare setting leadingEngine must be auto or app, got " + value);
    }

    /**
     * The app's {@code open(dir, options)} through a factory of class {@code factoryClass}: a handle to the shared DB.
     * {@code realOpen} runs the factory's own open with {@code options} (the agent lets that one call through
     * untouched). {@code appLeveldbjni} opens a directory with the leveldbjni of the app's class loader, untouched too,
     * or is null if the app has none. This process tries the real open only when it must try the lock; it then leads
     * with the engine {@link LeadingEngine} chooses, its write buffer capped as the {@code maxWriteBufferMb} setting
     * says ({@link WriteBufferCap}).
     */
    public static Object open(File dir, Object options, String factoryClass, Callable<Object> realOpen,
                              BiFunction<File, Object, Object> appLeveldbjni) throws IOException {
        Party current = party;
        if (current == null) {
            throw new IllegalStateException("levelshare: the agent did not configure the core before the first open");
        }
        return current.open(dir, new AppOpener(current, dir, (Options) options, factoryClass, realOpen, appLeveldbjni));
    }

    /** The app's open, led by the engine {@link LeadingEngine} chooses. */
    private static final class AppOpener implements DbOpener {
        private final Party party;
        private final File dir;
        private final Options options;
        private final String factoryClass;
        private final LeadingEngine.Open appOpen;
        private final LeadingEngine.Open appLeveldbjni; // null: the app's loader has none
        private final WriteBufferCap.Opening<DB, IOException> opening; // made ahead (see the party package)

        AppOpener(Party party, File dir, Options options, String factoryClass, Callable<Object> realOpen,
                  BiFunction<File, Object, Object> appLeveldbjni) {
            this.party = party;
            this.dir = dir;
            this.options = options;
            this.factoryClass = factoryClass;
            this.appOpen = (d, o) -> call(realOpen);
            this.appLeveldbjni = appLeveldbjni == null ? null : (d, o) -> (DB) unwrap(() -> appLeveldbjni.apply(d, o));
            this.opening = this::openWithLeadingEngine;
        }

        @Override
        public DB open() throws IOException {
            return party.writeBufferCap().during(options, opening);
        }

        private DB openWithLeadingEngine() throws IOException {
            LeadingEngine.Open leveldbjni = substitute();
            if (leveldbjni == null) {
                return appOpen.open(dir, options);
            }
            try {
                return leveldbjni.open(dir, options);
            } catch (IOException e) {
                if (LockConflicts.heldByAnotherProcess(e)) {
                    throw e;
                }
                // A DB leveldbjni cannot open (iq80 wrote it alone, with MANIFEST sizes leveldbjni refuses): the app's
                // own engine opens it as it would without levelshare.
                log.warn("leveldbjni cannot open {} ({}); opening it with the app's own engine ({}): other processes"
                        + " with leveldbjni will not be able to take it over", dir, e.getMessage(), factoryClass);
                return appOpen.open(dir, options);
            }
        }

        /** leveldbjni's open where it should lead instead of the app's engine, else null (the app's engine leads). */
        private LeadingEngine.Open substitute() {
            if (!leveldbjniLeads || !LeadingEngine.mayLeadWithLeveldbjni(factoryClass)) {
                return null;
            }
            return appLeveldbjni != null ? appLeveldbjni : LeadingEngine.carriedLeveldbjni(party.socketPaths());
        }

        @Override
        public LocalEngine.KeyOrder keyOrder() {
            return LocalEngine.KeyOrder.of(options.comparator());
        }

        @Override
        public boolean appUsesIq80() {
            return !LeadingEngine.isLeveldbjni(factoryClass);
        }

        @Override
        public DB openScratch(File scratch) throws IOException {
            // Warms up the engine a promotion would open: leveldbjni's cold start (native code, JNI links) slows a
            // promotion; warming iq80 gains little, and would run its code in a follower that may never need it.
            LeadingEngine.Open leveldbjni = LeadingEngine.isLeveldbjni(factoryClass) ? appLeveldbjni : substitute();
            return leveldbjni == null ? null : leveldbjni.open(scratch, new Options().createIfMissing(true));
        }

        private static DB call(Callable<Object> open) throws IOException {
            return (DB) unwrap(open);
        }

        private static Object unwrap(Callable<Object> open) throws IOException {
            try {
                return open.call();
            } catch (IOException | RuntimeException e) {
                if (e instanceof IllegalStateException && e.getCause() instanceof IOException) {
                    throw (IOException) e.getCause(); // the agent's function wraps what it cannot throw
                }
                throw e;
            } catch (Exception e) {
                throw new IOException(e);
            }
        }
    }
}
