package dev.levelshare.party;

import dev.levelshare.os.SocketPaths;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Which levelshare process may try a directory's LevelDB open: the one holding its ticket, a lock on one byte of the
 * socket directory's {@code elections} file (at an offset derived from the directory's path). The leader holds it for
 * as long as it leads, so when it dies or closes, the kernel hands the ticket to one waiting follower and the others
 * never try the open: LevelDB's open renames the info log ({@code LOG} to {@code LOG.old}) before it asks for the DB's
 * lock, so the losers' opens would push the winner's log aside, and their work competes for the CPU with the winner's
 * recovery. Without a ticket the process has only /proc/locks to go by, slow to read right after a leader died.
 *
 * <p>The ticket never decides who leads: the LevelDB lock still does. But only its holder may bind the DB's socket before
 * it holds the lock (a promoted follower does, see {@link LeaderRole#listenEarly}), so every process that serves a DB
 * holds its ticket, the sidecar too. A process that cannot use the elections file (another user's socket directory)
 * gets {@link #NONE} and tries the open as before.
 */
public final class OpenTicket {
    private static final Logger log = LoggerFactory.getLogger(OpenTicket.class);
    static final String FILE_NAME = "elections";
    /** No ticket: tickets cannot be taken here; the open is tried without one. */
    static final OpenTicket NONE = new OpenTicket(null);
    /*
     * One channel per elections file, open for the life of the process: closing any channel to a file releases every
     * POSIX lock this process holds on it (the tickets of all DBs this process leads).
     */
    private static final ConcurrentMap<Path, FileChannel> CHANNELS = new ConcurrentHashMap<>();

    private final FileLock lock;

    private OpenTicket(FileLock lock) {
        this.lock = lock;
    }

    /** The ticket of a directory ({@link dev.levelshare.os.DirectoryKey}); null while another process holds it. */
    public static OpenTicket tryTake(SocketPaths sockets, String directoryKey) {
        FileChannel channel;
        try {
            channel = channelFor(sockets);
        } catch (IOException | RuntimeException e) {
            log.debug("no open tickets in {}: {}", sockets.socketDir(), e.toString());
            return NONE;
        }
        try {
            FileLock lock = channel.tryLock(offsetOf(directoryKey), 1, false);
            return lock == null ? null : new OpenTicket(lock);
        } catch (OverlappingFileLockException e) {
            return null; // another levelshare core in this JVM (another engine's factory) holds it
        } catch (IOException e) {
            log.debug("cannot take the open ticket of {}: {}", directoryKey.replace('\0', ' '), e.toString());
            return NONE;
        }
    }

    /** Whether this is a real ticket, so that no other levelshare process is trying the open meanwhile. */
    public boolean isReal() {
        return lock != null;
    }

    /** Gives the ticket back (to a waiting process, if any); the file stays for the next election. */
    public void release() {
        if (lock == null) {
            return;
        }
        try {
            lock.release();
        } catch (IOException e) {
            log.debug("cannot release an open ticket: {}", e.toString());
        }
    }

    private static FileChannel channelFor(SocketPaths sockets) throws IOException {
        Path file = sockets.socketDir().resolve(FILE_NAME);
        FileChannel channel = CHANNELS.get(file);
        if (channel != null) {
            return channel;
        }
        synchronized (CHANNELS) {
            channel = CHANNELS.get(file);
            if (channel == null) {
                sockets.ensureSocketDir();
                channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
                CHANNELS.put(file, channel);
            }
            return channel;
        }
    }

    /**
     * The ticket of a directory just made by this process's open, which therefore holds its lock: another process may
     * hold the ticket for a moment (it looks at the lock, sees it held and gives the ticket back), so it is tried for up
     * to {@code patienceMillis}. {@link #NONE} if it cannot be had by then.
     */
    static OpenTicket takeWithin(SocketPaths sockets, String directoryKey, long patienceMillis) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(patienceMillis);
        while (true) {
            OpenTicket ticket = tryTake(sockets, directoryKey);
            if (ticket != null) {
                return ticket;
            }
            if (System.nanoTime() > deadline) {
                return NONE;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(100_000);
        }
    }

    /** A byte offset for the directory key: 62 bits of its hash, so two directories practically never share one. */
    static long offsetOf(String directoryKey) {
        byte[] bytes = directoryKey.getBytes(StandardCharsets.UTF_8);
        long hash = 0xcbf29ce484222325L; // FNV-1a, 64 bits
        for (byte b : bytes) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash & 0x3fff_ffff_ffff_ffffL;
    }
}
