package dev.levelshare.engine;

import java.io.File;

/**
 * Whether the engine may open a DB on its disk now. An open writes before it returns: it replays the log the last
 * holder left into a new level-0 table (about the log's size), writes a new manifest and log, and may start a
 * compaction at once. On a disk without room for that, leveldbjni dies of SIGBUS in the middle of the open; a follower
 * being promoted would die, then the next one. So the open is attempted only with room for twice the logs found plus
 * half the reserve the {@link DiskSpaceGuard} keeps (room for a first compaction).
 */
public final class RoomToOpen {
    private RoomToOpen() {}

    /**
     * Null if {@code dir} may be opened with {@code minFreeBytes} (the guard's reserve; 0: never refuse), else why not,
     * naming the directory, the free space and what the open needs.
     */
    public static String shortage(File dir, long minFreeBytes) {
        if (minFreeBytes <= 0) {
            return null;
        }
        File existing = dir.getAbsoluteFile();
        while (existing != null && !existing.exists()) {
            existing = existing.getParentFile();
        }
        if (existing == null) {
            return null;
        }
        long logs = logBytes(dir);
        long needed = 2 * logs + minFreeBytes / 2;
        long free = existing.getUsableSpace();
        if (free >= needed) {
            return null;
        }
        return "levelshare: not opening " + dir + ": its disk has " + DiskSpaceGuard.megabytes(free)
                + " MB free, and opening it needs about " + DiskSpaceGuard.megabytes(needed) + " MB (recovering "
                + DiskSpaceGuard.megabytes(logs) + " MB of log, and half the " + DiskSpaceGuard.megabytes(minFreeBytes)
                + " MB kept free for the engine, setting minFreeDiskMb); free some space";
    }

    /** The logs the open would replay (a plain listing: no glob, which compiles a pattern on every call). */
    private static long logBytes(File dir) {
        File[] files = dir.listFiles();
        long total = 0;
        if (files != null) {
            for (File file : files) {
                if (file.getName().endsWith(".log")) {
                    total += file.length(); // 0 if the engine retired it meanwhile
                }
            }
        }
        return total;
    }
}
