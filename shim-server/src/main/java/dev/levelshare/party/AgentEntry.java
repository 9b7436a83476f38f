package dev.levelshare.party;

import dev.levelshare.bridge.CoreEntry;
import dev.levelshare.bridge.FactoryOpen;
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

/**
 * Where the agent hands over ({@link CoreEntry}): the agent makes one per isolated core (the core's classes loaded
 * apart from the app's, linked against the factory's own {@code org.iq80.leveldb} API) and calls it through that
 * interface, with {@code java.*} types only, so nothing here is visible to, or clashes with, the app's classes.
 */
public final class AgentEntry implements CoreEntry {
    private static final Logger log = LoggerFactory.getLogger(AgentEntry.class);
    private volatile Party party;
    /** The {@code leadingEngine} setting: {@code auto} lets leveldbjni lead iq80 apps' DBs ({@link LeadingEngine}). */
    private volatile boolean leveldbjniLeads = true;

    @Override
    public void configure(Map<String, String> agentArguments, ConcurrentMap<String, Object> jvmClaims) {
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
     * The app's open: a handle to the shared DB. This process tries the real open only when it must try the lock; it
     * then leads with the engine {@link LeadingEngine} chooses, its write buffer capped as the {@code maxWriteBufferMb}
     * setting says ({@link WriteBufferCap}).
     */
    @Override
    public Object open(FactoryOpen open) throws IOException {
        Party current = party;
        if (current == null) {
            throw new IllegalStateException("levelshare: the agent did not configure the core before the first open");
        }
        return current.open(open.directory(), new AppOpener(current, open, leveldbjniLeads));
    }

    /** The app's open, led by the engine {@link LeadingEngine} chooses. */
    private static final class AppOpener implements DbOpener {
        private final Party party;
        private final File dir;
        private final Options options;
        private final String factoryClass;
        private final boolean leveldbjniLeads;
        private final LeadingEngine.Open appOpen;
        private final LeadingEngine.Open appLeveldbjni; // null: the app's loader has none
        private final WriteBufferCap.Opening<DB, IOException> opening; // made ahead (see the party package)

        AppOpener(Party party, FactoryOpen open, boolean leveldbjniLeads) {
            this.party = party;
            this.dir = open.directory();
            this.options = (Options) open.options();
            this.factoryClass = open.factoryClass();
            this.leveldbjniLeads = leveldbjniLeads;
            this.appOpen = (d, o) -> (DB) unwrap(open::openWithFactory);
            this.appLeveldbjni = !open.hasAppLeveldbjni() ? null
                    : (d, o) -> (DB) unwrap(() -> open.openWithAppLeveldbjni(d, o));
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

        /** The engine's own exception, as it threw it; a checked one other than an IOException wrapped in one. */
        private static Object unwrap(Callable<Object> open) throws IOException {
            try {
                return open.call();
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(e);
            }
        }
    }
}
