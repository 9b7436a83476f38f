package dev.levelshare.party;

import dev.levelshare.DirectoryReplacedException;
import dev.levelshare.LevelShareException;
import dev.levelshare.client.ClientOptions;
import dev.levelshare.client.RemoteDb;
import dev.levelshare.client.RemoteDbInternals;
import dev.levelshare.engine.LeadingEngine;
import dev.levelshare.engine.RoomToOpen;
import dev.levelshare.os.CurrentProcess;
import dev.levelshare.os.DirectoryIdentity;
import dev.levelshare.os.DirectoryKey;
import dev.levelshare.os.LockConflicts;
import dev.levelshare.os.PosixLocks;
import dev.levelshare.os.UnservedLock;
import dev.levelshare.server.Failpoints;
import dev.levelshare.server.UnixListener;
import org.iq80.leveldb.DB;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Decides what this process is for a directory. The LevelDB lock is the only election: try the real open; whoever gets
 * the lock leads. A process that meets another process's lock connects to the leader's socket; if nobody serves it yet
 * (the leader is still starting, or died and left a stale socket), it tries the lock again, until the deadline.
 * A leader's role is returned before it serves: the caller ({@link DirectoryRole}) serves it.
 */
final class Election {
    private static final Logger log = LoggerFactory.getLogger(Election.class);
    /*
     * Between attempts: 0.1 ms doubling to 1 ms while a new leader is expected any moment (a promoted follower binds its
     * socket a few ms after it takes the lock), so a process that lost the race connects at most ~1 ms after the socket
     * appears and no fixed timer stalls it. An attempt is cheap (a look at /proc/locks, a connect); after the first
     * 200 ms of waiting the pause grows to 20 ms so that a long wait (a frozen leader) costs no CPU.
     */
    private static final long FIRST_PAUSE_NANOS = TimeUnit.MICROSECONDS.toNanos(100);
    private static final long BRISK_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long BRISK_FOR_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final long PATIENT_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /** How long a process that made a new directory waits for its ticket (a follower may hold it for a moment). */
    private static final long NEW_DIRECTORY_TICKET_MILLIS = 200;
    /** Between connects while another process that just took the lock starts serving. */
    private static final long NEW_LEADER_PAUSE_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

    private final PartySettings settings;
    private final DirectoryClaims claims;
    private final Object claimant;

    Election(PartySettings settings, DirectoryClaims claims, Object claimant) {
        this.settings = settings;
        this.claims = claims;
        this.claimant = claimant;
    }

    /** Why a process joins: the behaviours that differ between an app's open and an election after a loss. */
    enum Occasion {
        /** The app's open: a full disk fails it at once. */
        OPEN("leader for", "leader"),
        /**
         * The leader went away: the ticket's holder knows nobody serves, so it binds the socket before it recovers the
         * engine (the others connect meanwhile) and does not look at the lock first (the dead leader's may not be
         * released yet, and the open finds out anyway); a full disk is waited out, up to the deadline.
         */
        FAILOVER("promoted to leader for", "new leader");

        final String leaderLine;
        final String leaderName;

        Occasion(String leaderLine, String leaderName) {
            this.leaderLine = leaderLine;
            this.leaderName = leaderName;
        }

        boolean waitsForDiskSpace() {
            return this == FAILOVER;
        }

        boolean bindsBeforeOpening() {
            return this == FAILOVER;
        }

        /** A test's failpoint: after a loss, this process waits before it tries, so that another one wins. */
        void delayAsAFailpointSays() {
            long delay = Failpoints.current().electionDelayMillis();
            if (this == FAILOVER && delay > 0) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(delay));
            }
        }
    }

    /**
     * Leader or follower of {@code canonicalPath}: a {@link LeaderRole} not serving yet (its caller serves it) or a
     * {@link FollowerRole}. Open errors other than another process's lock are thrown unchanged (the very exception the
     * engine threw). If no leader can be found by the deadline, an {@code IOException} names the directory and the lock
     * holder.
     *
     * @param abandoned true once nobody needs the result (the app closed the DB): stop trying
     * @param directoryId the {@link DirectoryIdentity id} of the directory this process opened, after a loss; null on
     *     the app's open, which takes the id of whatever directory is at the path (making one if it has none)
     * @param failovers where a leader's status reads the failovers this process went through
     * @throws DirectoryReplacedException if {@code directoryId} is no longer the directory at the path
     */
    Role join(String canonicalPath, DbOpener opener, Occasion occasion, BooleanSupplier abandoned, long writer,
              String directoryId, LongSupplier failovers) throws IOException {
        occasion.delayAsAFailpointSays();
        Attempts attempts = new Attempts(canonicalPath, opener, occasion, writer, failovers);
        Path dir = Paths.get(canonicalPath);
        while (true) {
            String id = directoryHere(dir, canonicalPath, directoryId);
            Role joined = attempts.tryToLead(id);
            if (joined == null) {
                joined = attempts.tryToFollow(id);
            }
            if (joined != null) {
                return joined;
            }
            if (abandoned.getAsBoolean()) {
                throw new IOException("levelshare: " + canonicalPath + " was closed while waiting for a leader");
            }
            attempts.pauseOrGiveUp(id);
        }
    }

    /** One join's attempts and what they learnt: who holds what, how long to wait, why nothing worked. */
    private final class Attempts {
        private final String canonicalPath;
        private final DbOpener opener;
        private final Occasion occasion;
        private final long writer;
        private final LongSupplier failovers;
        private final long started = System.nanoTime();
        private final long deadline = started + TimeUnit.MILLISECONDS.toNanos(settings.failoverDeadlineMillis());
        private long pause = FIRST_PAUSE_NANOS;
        private boolean firstTry = true;
        private long heldElsewhereSince; // when another process was last seen taking the ticket or lock (0: never)
        private IOException lockConflict; // the last open's, if it met another process's lock
        private RuntimeException notServed; // the last connect's failure
        private String noRoom; // the disk lacks room for the open (a failover waits for it)

        Attempts(String canonicalPath, DbOpener opener, Occasion occasion, long writer, LongSupplier failovers) {
            this.canonicalPath = canonicalPath;
            this.opener = opener;
            this.occasion = occasion;
            this.writer = writer;
            this.failovers = failovers;
        }

        /** The engine opened by this process (so it holds the lock), or null if another process leads or opens it. */
        LeaderRole tryToLead(String id) throws IOException {
            String key = DirectoryKey.of(canonicalPath, id);
            if (!claims.tryClaim(key, claimant)) {
                return null; // another core of this JVM opens or leads it
            }
            Claim claim = new Claim(key);
            // No id: no directory yet, so nothing to recover and no log to push aside: the open needs no ticket.
            OpenTicket ticket = id == null ? OpenTicket.NONE : OpenTicket.tryTake(settings.socketPaths(), key);
            if (ticket == null) {
                heldElsewhereSince = System.nanoTime(); // another levelshare process is opening or leads
                claim.release();
                return null;
            }
            if (!ticket.isReal() && heldElsewhere()) {
                ticket.release();
                claim.release();
                return null;
            }
            UnixListener early = null;
            DB db = null;
            try {
                if (mayOpen(ticket)) {
                    // After a loss the other followers look for the socket while this one recovers the engine: bound
                    // now (the ticket says nobody else serves), their calls wait in the kernel until it serves.
                    early = occasion.bindsBeforeOpening() && ticket.isReal()
                            ? LeaderRole.listenEarly(settings, canonicalPath, id) : null;
                    db = opener.open();
                }
            } catch (IOException e) {
                if (!LockConflicts.heldByAnotherProcess(e)) {
                    giveUp(early, ticket, claim);
                    throw e;
                }
                lockConflict = e; // a foreign process's lock (or, with a ticket, a dying leader's still)
                if (!ticket.isReal()) {
                    heldElsewhereSince = System.nanoTime();
                }
            } catch (RuntimeException | Error e) {
                giveUp(early, ticket, claim);
                throw e;
            }
            if (db == null) {
                giveUp(early, ticket, claim); // the clients that connected to an early socket look again
                return null;
            }
            if (id == null) { // this open made the directory: it gets its id, claim and ticket now
                id = DirectoryIdentity.readOrCreate(Paths.get(canonicalPath));
                claim = claim.movedTo(DirectoryKey.of(canonicalPath, id));
                ticket = OpenTicket.takeWithin(settings.socketPaths(), claim.key, NEW_DIRECTORY_TICKET_MILLIS);
            }
            try {
                return new LeaderRole(canonicalPath, id, db, opener.keyOrder(), settings, occasion.leaderLine, early,
                        ticket, claim, failovers);
            } catch (RuntimeException | Error e) {
                // The engine opened but cannot be led (its data unreadable here): never keep the lock without
                // serving. Every waiting process may try in turn.
                closeQuietly(db, canonicalPath);
                giveUp(early, ticket, claim);
                if (e instanceof RuntimeException) {
                    throw LeadingEngine.explainUnreadable(canonicalPath, (RuntimeException) e);
                }
                throw e;
            }
        }

        /**
         * Whether this process should try the engine's open now: no other process holds the lock (as far as can be
         * told) and the disk has room for the open's recovery. LevelDB's open renames the info log before it asks for
         * the lock, so a failed open is not harmless.
         */
        private boolean mayOpen(OpenTicket ticket) throws IOException {
            // With the ticket, right after a leader went away, its lock is free but for a foreign holder: reading
            // /proc/locks then takes longer (the kernel tearing the dead process down) than the open it would spare.
            boolean held = !(occasion.bindsBeforeOpening() && firstTry && ticket.isReal())
                    && lockIsHeld(canonicalPath);
            firstTry = false;
            if (held) {
                heldElsewhereSince = System.nanoTime();
                noRoom = null;
                return false;
            }
            String shortage = RoomToOpen.shortage(new File(canonicalPath), settings.minFreeDiskBytes());
            if (shortage != null && !occasion.waitsForDiskSpace()) {
                throw new IOException(shortage); // the app hears of it at once
            }
            if (shortage != null && noRoom == null) {
                log.warn("cannot take over {} yet, waiting up to {} ms for disk space: {}", canonicalPath,
                        settings.failoverDeadlineMillis(), shortage);
            }
            noRoom = shortage;
            return shortage == null;
        }

        /** A connection to the process serving the directory, or null if none answers now. */
        FollowerRole tryToFollow(String id) throws IOException {
            Path socket = socketOf(canonicalPath, id);
            // While another process holds the ticket or the lock and has not bound the socket (it is opening, or a
            // closing leader has removed it), there is nothing to connect to, and a failed connect costs far more
            // than a look at the file: so a follower waiting for a closing leader's ticket looks at the file.
            if (id == null || (heldElsewhere() && !socket.toFile().exists())) {
                return null;
            }
            long remaining = deadline - System.nanoTime();
            // A request unanswered for the failover deadline fails: a frozen (SIGSTOPped) leader holds the lock, so no
            // one can be promoted, and the app must hear of it rather than hang.
            ClientOptions options = ClientOptions.defaults()
                    .withConnectTimeoutMillis(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining)))
                    .withRequestTimeoutMillis(settings.failoverDeadlineMillis())
                    .withPolling(settings.polling());
            if (writer != 0) {
                options = RemoteDbInternals.forWriter(options, writer, settings.resendWindowMillis());
            }
            RemoteDb remote;
            try {
                remote = RemoteDb.connect(socket, canonicalPath, options);
            } catch (LevelShareException e) {
                notServed = e;
                return null;
            }
            try {
                ComparatorCheck.requireSameOrder(canonicalPath, opener.keyOrder(), remote.server(),
                        opener.appUsesIq80());
            } catch (IOException | RuntimeException e) {
                remote.close();
                throw e;
            }
            log.info("follower for {} (pid {}): {} is pid {} ({})", canonicalPath, CurrentProcess.pid(),
                    occasion.leaderName, remote.server().pid, remote.server().engine);
            return new FollowerRole(remote, id);
        }

        /** Waits before the next attempt, or fails if the deadline has passed. */
        void pauseOrGiveUp(String id) throws IOException {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw noRoom != null ? new IOException(noRoom) : noLeader(canonicalPath, id, lockConflict, notServed);
            }
            if (heldElsewhere()) {
                // Another process just took the ticket or the lock: it binds the socket in a few ms. Look for it (and
                // the ticket) often: both cost a system call.
                LockSupport.parkNanos(Math.min(NEW_LEADER_PAUSE_NANOS, remaining));
                return;
            }
            LockSupport.parkNanos(Math.min(pause, remaining));
            boolean brisk = System.nanoTime() - started < BRISK_FOR_NANOS;
            pause = Math.min(pause * 2, brisk ? BRISK_PAUSE_NANOS : PATIENT_PAUSE_NANOS);
        }

        private boolean heldElsewhere() {
            return heldElsewhereSince != 0 && System.nanoTime() - heldElsewhereSince < BRISK_FOR_NANOS;
        }

        private void giveUp(UnixListener early, OpenTicket ticket, Claim claim) {
            closeQuietly(early);
            ticket.release();
            claim.release();
        }
    }

    /**
     * The id of the directory to join at {@code dir}: on a failover the one this process opened, which must still be
     * there; on a first join, whatever directory is there (given an id now if it has none), or null if there is none.
     */
    private static String directoryHere(Path dir, String canonicalPath, String opened) {
        if (opened == null) {
            return DirectoryIdentity.readOrCreate(dir);
        }
        String now = DirectoryIdentity.read(dir);
        if (!opened.equals(now)) {
            throw new DirectoryReplacedException(canonicalPath);
        }
        return opened;
    }

    /** This JVM's claim on a directory, released when the open fails or the leader closes. */
    final class Claim {
        final String key;

        Claim(String key) {
            this.key = key;
        }

        /** The same claim under the key of the directory's id, once a new directory got one. */
        Claim movedTo(String newKey) {
            if (!claims.tryClaim(newKey, claimant)) {
                log.warn("another levelshare core of this JVM claimed {} while it was being made",
                        newKey.replace('\0', ' '));
            }
            release();
            return new Claim(newKey);
        }

        void release() {
            claims.release(key, claimant);
        }
    }

    private static void closeQuietly(UnixListener listener) {
        if (listener != null) {
            listener.close();
        }
    }

    /**
     * Whether some process holds the DB's lock, so that an open would fail: then it is not tried. LevelDB's open renames
     * the DB's info log ({@code LOG} to {@code LOG.old}) before it even asks for the lock, so every failed open would
     * push the running leader's log aside, and a second one delete it. When it cannot be told, the open is tried.
     */
    private static boolean lockIsHeld(String canonicalPath) {
        try {
            return PosixLocks.holderOf(Paths.get(canonicalPath, "LOCK")).isPresent();
        } catch (IOException | RuntimeException e) {
            return false; // no LOCK file yet (a new DB), or no /proc/locks
        }
    }

    private Path socketOf(String canonicalPath, String directoryId) {
        return settings.socketPaths().socketFor(canonicalPath, directoryId);
    }

    private static void closeQuietly(DB db, String canonicalPath) {
        try {
            db.close();
        } catch (IOException | RuntimeException e) {
            log.debug("closing the engine of {}: {}", canonicalPath, e.toString());
        }
    }

    private IOException noLeader(String canonicalPath, String directoryId, IOException lockConflict,
                                 RuntimeException notServed) {
        IOException e = new IOException(UnservedLock.message(canonicalPath) + "; waited "
                + settings.failoverDeadlineMillis() + " ms for a levelshare leader. Last attempt: "
                + (notServed != null ? notServed.getMessage() : "none connected (socket " + socketOf(canonicalPath, directoryId)
                + " not bound)"), lockConflict);
        if (notServed != null) {
            e.addSuppressed(notServed);
        }
        return e;
    }
}
