package dev.levelshare.os;

import java.io.IOException;

/**
 * Tells a LevelDB lock conflict from every other open failure, by the exact exceptions the engines throw:
 * <ul>
 *   <li>leveldbjni: {@code NativeDB$DBException} "IO error: lock .../LOCK: Resource temporarily unavailable" (another
 *       process) or "... already held by process" (this process);</li>
 *   <li>iq80: {@code IOException} "Unable to acquire lock on '.../LOCK'" (another process) or
 *       {@code OverlappingFileLockException} (this process).</li>
 * </ul>
 * Anything else (missing parent directory, corruption, permissions) is not a conflict and must reach the caller as is.
 */
public final class LockConflicts {
    private LockConflicts() {}

    /** Another process holds the DB's lock. */
    public static boolean heldByAnotherProcess(Throwable t) {
        if (!(t instanceof IOException) || t.getMessage() == null) {
            return false;
        }
        String m = t.getMessage();
        return (m.startsWith("IO error: lock ") && m.contains("/LOCK: Resource temporarily unavailable"))
                || (m.startsWith("Unable to acquire lock on '") && m.endsWith("/LOCK'"));
    }
}
