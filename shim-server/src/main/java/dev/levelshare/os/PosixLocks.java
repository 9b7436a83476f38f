package dev.levelshare.os;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.OptionalLong;

/**
 * Who holds the POSIX (fcntl) lock on a file, read from /proc/locks without touching the lock: probing it with
 * {@code FileChannel.tryLock()} would drop a lock this process holds (fcntl locks belong to the process).
 */
public final class PosixLocks {
    private PosixLocks() {}

    /** The pid holding {@code dbDir}'s LevelDB lock; empty if none, or if it cannot be told (no LOCK file yet). */
    public static OptionalLong holderOfDb(String dbDir) {
        try {
            return holderOf(Paths.get(dbDir, "LOCK"));
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    /** The pid of the process holding a POSIX lock on {@code file}, if any. */
    public static OptionalLong holderOf(Path file) throws IOException {
        long inode = ((Number) Files.getAttribute(file, "unix:ino")).longValue();
        long dev = ((Number) Files.getAttribute(file, "unix:dev")).longValue();
        return holderOf(Files.readAllLines(Paths.get("/proc/locks"), StandardCharsets.US_ASCII), inode,
                major(dev), minor(dev));
    }

    /**
     * Parses lines like {@code 1: POSIX  ADVISORY  WRITE 1234 fd:01:1311249 0 EOF}: the device is major:minor in hex,
     * then the inode in decimal. Lines of blocked waiters ({@code 1: -> POSIX ...}) are skipped.
     */
    static OptionalLong holderOf(List<String> procLocks, long inode, long major, long minor) {
        for (String line : procLocks) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 6 || "->".equals(f[1]) || !"POSIX".equals(f[1])) {
                continue;
            }
            String[] id = f[5].split(":");
            if (id.length != 3) {
                continue;
            }
            try {
                if (Long.parseLong(id[2]) == inode && Long.parseLong(id[0], 16) == major
                        && Long.parseLong(id[1], 16) == minor) {
                    return OptionalLong.of(Long.parseLong(f[4]));
                }
            } catch (NumberFormatException e) {
                // A line of a format we do not know: not ours.
            }
        }
        return OptionalLong.empty();
    }

    // Linux's dev_t encoding (glibc gnu_dev_major / gnu_dev_minor).
    static long major(long dev) {
        return ((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL);
    }

    static long minor(long dev) {
        return (dev & 0xff) | ((dev >>> 12) & ~0xffL);
    }
}
