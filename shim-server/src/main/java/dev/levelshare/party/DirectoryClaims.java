package dev.levelshare.party;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Which {@link Party} in this JVM may call the engine's open for a directory. A repeated open of a directory this process
 * already holds must never reach the engine: leveldbjni 1.8 answers it by closing the LOCK file descriptor, silently
 * dropping the first handle's lock. Within one party a directory's {@code SharedDb} guards that; across parties (one per
 * class loader that defines {@code org.iq80.leveldb.DB}, so several in an app server) this JVM-wide map does.
 *
 * <p>The map holds only {@code java.*} types so the agent can share one instance between isolated class loaders.
 */
public final class DirectoryClaims {
    private static final DirectoryClaims THIS_CLASS_LOADER = new DirectoryClaims(new ConcurrentHashMap<>());

    private final ConcurrentMap<String, Object> owners;

    public DirectoryClaims(ConcurrentMap<String, Object> owners) {
        this.owners = owners;
    }

    /** Claims shared by every party loaded by this class's loader (the default when no agent provides a JVM-wide map). */
    public static DirectoryClaims ofThisClassLoader() {
        return THIS_CLASS_LOADER;
    }

    /**
     * True if {@code owner} now holds the claim on a directory ({@link dev.levelshare.os.DirectoryKey}: a path and the
     * id of the directory there); it may already have held it.
     */
    boolean tryClaim(String directoryKey, Object owner) {
        Object previous = owners.putIfAbsent(directoryKey, owner);
        return previous == null || previous == owner;
    }

    void release(String directoryKey, Object owner) {
        owners.remove(directoryKey, owner);
    }
}
