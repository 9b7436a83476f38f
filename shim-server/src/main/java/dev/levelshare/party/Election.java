package dev.levelshare.party;

import dev.levelshare.LevelShareException;
import dev.levelshare.client.ClientOptions;
import dev.levelshare.client.RemoteDb;
import dev.levelshare.os.CurrentProcess;
import dev.levelshare.os.LockConflicts;
import dev.levelshare.os.PosixLocks;
import org.iq80.leveldb.DB;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Decides what this process is for a directory. The LevelDB lock is the only election: try the real open; whoever gets
 * the lock leads. A process that meets another process's lock connects to the leader's socket; if nobody serves it yet
 * (the leader is still starting, or died and left a stale socket), it tries the lock again, until the deadline.
 */
final class Election {
    private static final Logger log = LoggerFactory.getLogger(Election.class);
    private static final long FIRST_PAUSE_NANOS = TimeUnit.MICROSECONDS.toNanos(500);
    private static final long MAX_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final PartySettings settings;
    private final DirectoryClaims claims;
    private final Object claimant;

    Election(PartySettings settings, DirectoryClaims claims, Object claimant) {
        this.settings = settings;
        this.claims = claims;
        this.claimant = claimant;
    }

    /**
     * Leader or follower of {@code canonicalPath}. Open errors other than another process's lock are thrown unchanged
     * (the very exception the engine threw). If no leader can be found by the deadline, an {@code IOException} names the
     * directory and the lock holder.
     *
     * @param how the words the log line starts with when this process leads ("leader for", "promoted to leader for")
     */
    Role join(String canonicalPath, DbOpener opener, String how) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.failoverDeadlineMillis());
        long pause = FIRST_PAUSE_NANOS;
        IOException lockConflict = null;
        RuntimeException notServed = null;
        while (true) {
            if (claims.tryClaim(canonicalPath, claimant)) {
                DB db;
                try {
                    db = opener.open();
                } catch (IOException e) {
                    claims.release(canonicalPath, claimant);
                    if (!LockConflicts.heldByAnotherProcess(e)) {
                        throw e;
                    }
                    lockConflict = e;
                    db = null;
                } catch (RuntimeException | Error e) {
                    claims.release(canonicalPath, claimant);
                    throw e;
                }
                if (db != null) {
                    return LeaderRole.serve(canonicalPath, db, settings, how,
                            () -> claims.release(canonicalPath, claimant));
                }
            }
            long remaining = deadline - System.nanoTime();
            try {
                RemoteDb remote = RemoteDb.connect(socketOf(canonicalPath), canonicalPath, ClientOptions.defaults()
                        .withConnectTimeoutMillis(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining))));
                log.info("follower for {} (pid {}): leader is pid {} ({})", canonicalPath, CurrentProcess.pid(),
                        remote.server().pid, remote.server().engine);
                return new FollowerRole(remote);
            } catch (LevelShareException e) {
                notServed = e;
            }
            remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw noLeader(canonicalPath, lockConflict, notServed);
            }
            LockSupport.parkNanos(Math.min(pause, remaining));
            pause = Math.min(pause * 2, MAX_PAUSE_NANOS);
        }
    }

    private Path socketOf(String canonicalPath) {
        return settings.socketPaths().socketForCanonical(canonicalPath);
    }

    private IOException noLeader(String canonicalPath, IOException lockConflict, RuntimeException notServed) {
        String holder = "another process";
        try {
            OptionalLong pid = PosixLocks.holderOf(new File(canonicalPath, "LOCK").toPath());
            if (pid.isPresent()) {
                holder = "process " + pid.getAsLong();
            }
        } catch (IOException ignored) {
            // The message still names the directory; the holder is a courtesy.
        }
        IOException e = new IOException("levelshare: " + canonicalPath + " is locked by " + holder
                + ", which does not serve it (is it running without the levelshare agent?); waited "
                + settings.failoverDeadlineMillis() + " ms for a levelshare leader. Last attempt: "
                + (notServed != null ? notServed.getMessage() : "none"), lockConflict);
        if (notServed != null) {
            e.addSuppressed(notServed);
        }
        return e;
    }
}
