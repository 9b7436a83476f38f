package dev.levelshare.engine;

import dev.levelshare.os.NativeLibraryCache;
import dev.levelshare.os.SocketPaths;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBFactory;
import org.iq80.leveldb.Options;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;

/**
 * Which engine a levelshare process leads a DB with. LevelDB's engines cannot share a DB in turns: iq80 0.12 cannot read
 * the Snappy-compressed tables leveldbjni writes unless the app ships a Snappy library, and records its own compaction
 * outputs in the MANIFEST 4 bytes longer than the files, which leveldbjni then refuses to open. With levelshare the
 * engines take turns on one DB whenever a leader hands over, so the leading engine is levelshare's choice: leveldbjni
 * whenever its native library loads on this machine, whatever the app linked; the app's own engine otherwise (then every
 * process of the machine is in the same case, and iq80 leads). An app that chose iq80 gets the same {@code DB}
 * interface and data; its iterators start on the first entry as iq80's do (see {@code DbHandle}).
 *
 * <p>levelshare carries its own copy of leveldbjni for apps that do not have it; an app whose class loader has
 * leveldbjni lends its copy (a native library loads in one class loader per JVM).
 */
public final class LeadingEngine {
    private static final Logger log = LoggerFactory.getLogger(LeadingEngine.class);
    /** The factory class of the one engine this chooses, and the prefix of every leveldbjni class. */
    public static final String LEVELDBJNI_FACTORY = Engines.LEVELDBJNI_PACKAGE + "JniDBFactory";
    private static final String IQ80_FACTORY = "org.iq80.leveldb.impl.Iq80DBFactory";

    /** The real open of a directory with some engine. */
    @FunctionalInterface
    public interface Open {
        DB open(File dir, Options options) throws IOException;
    }

    private LeadingEngine() {}

    /** Whether {@code factoryClass} is leveldbjni's factory or a subclass of it (judged by its name). */
    public static boolean isLeveldbjni(String factoryClass) {
        return Engines.isLeveldbjni(factoryClass);
    }

    /**
     * Whether an app's open through {@code factoryClass} may be led by leveldbjni instead: iq80's own factory, which
     * adds nothing of its own to the engine. A subclass of it, or any other factory, may do more in its open, so its
     * engine is left as it is.
     */
    public static boolean mayLeadWithLeveldbjni(String factoryClass) {
        return factoryClass.equals(IQ80_FACTORY);
    }

    /**
     * leveldbjni's own open from the copy levelshare carries (on this class's loader), or null if there is none or its
     * native library does not load here (the reason is logged once, at debug).
     */
    public static Open carriedLeveldbjni(SocketPaths sockets) {
        return Carried.get(sockets);
    }

    /**
     * What an app sees when the engine here could not read the DB another engine wrote: names the cause when it is the
     * known one (iq80 without a Snappy library), else {@code failure} as it is.
     */
    public static RuntimeException explainUnreadable(String canonicalPath, RuntimeException failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (String.valueOf(t.getMessage()).contains("Snappy")) {
                return new IllegalStateException("levelshare: the iq80 engine of this process cannot read " + canonicalPath
                        + ": its tables are compressed with Snappy (leveldbjni writes them so), there is no Snappy library"
                        + " on the app's class path (org.xerial.snappy:snappy-java or org.iq80.snappy:snappy), and"
                        + " leveldbjni cannot lead here instead ("
                        + (Carried.reason != null ? Carried.reason : "not available to this app") + ")", failure);
            }
        }
        return failure;
    }

    /** The carried copy, loaded at the first need (its native library costs a few ms to load). */
    private static final class Carried {
        private static Open open; // guarded by Carried.class
        private static boolean tried; // guarded by Carried.class
        static volatile String reason;

        static synchronized Open get(SocketPaths sockets) {
            if (!tried) {
                tried = true;
                ClassLoader loader = LeadingEngine.class.getClassLoader();
                try {
                    NativeLibraryCache.prepare(loader, sockets);
                } catch (IOException | RuntimeException e) {
                    log.debug("leveldbjni extracts its own native library: {}", e.toString());
                }
                try {
                    DBFactory factory = (DBFactory) Class.forName(LEVELDBJNI_FACTORY, true, loader)
                            .getField("factory").get(null);
                    open = factory::open;
                } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                    reason = e instanceof ClassNotFoundException ? "levelshare carries no leveldbjni here"
                            : "its native library did not load: " + e;
                    log.debug("leveldbjni cannot lead here: {}", reason);
                }
            }
            return open;
        }
    }
}
