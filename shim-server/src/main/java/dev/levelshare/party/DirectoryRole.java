package dev.levelshare.party;

import dev.levelshare.DirectoryReplacedException;
import dev.levelshare.LevelShareException;
import dev.levelshare.server.StaleSockets;
import org.iq80.leveldb.DB;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * What this process is for one directory, and every change of it. The states:
 *
 * <pre>
 *   JOINING ──▶ LEADING ─────────────────────────────────▶ CLOSED
 *      │                                                     ▲
 *      └────▶ FOLLOWING ──(leader lost)──▶ ELECTING ──▶ LEADING (promoted)
 *                 ▲                           │  │──▶ FOLLOWING (a new leader)
 *                 │                           │  │──▶ LEADERLESS (none within the deadline; the next call elects again)
 *                 └───────────────────────────┘  └──▶ REPLACED (the directory at the path is another one now)
 * </pre>
 *
 * Every state but JOINING and ELECTING may go to CLOSED (the app closed its last handle): a close waits for an election
 * under way, which stops early and ends in one of them.
 * {@link #enter} is the one place where the state and the role underneath change, and where what a state asks for
 * starts: a leader serves (at once on the app's open; after a promotion, from a failover thread so that the app's
 * calls reach the engine first), a follower watches for its leader's loss, and the {@link PromotionWarmup} hears of
 * both. One transition runs at a time ({@link #transitions}).
 */
final class DirectoryRole {
    private static final Logger log = LoggerFactory.getLogger(DirectoryRole.class);

    /** The named states; see the class comment. */
    enum State { JOINING, LEADING, FOLLOWING, ELECTING, LEADERLESS, REPLACED, CLOSED }

    private static final Map<State, EnumSet<State>> NEXT = Map.of(
            State.JOINING, EnumSet.of(State.LEADING, State.FOLLOWING),
            State.LEADING, EnumSet.of(State.CLOSED),
            State.FOLLOWING, EnumSet.of(State.ELECTING, State.CLOSED),
            State.ELECTING, EnumSet.of(State.LEADING, State.FOLLOWING, State.LEADERLESS, State.REPLACED),
            // An election is never closed under way: the close waits for it (it stops early) to end in a state.
            State.LEADERLESS, EnumSet.of(State.ELECTING, State.CLOSED),
            State.REPLACED, EnumSet.of(State.CLOSED),
            State.CLOSED, EnumSet.noneOf(State.class));

    private final String canonicalPath;
    private final DbOpener opener;
    private final Election election;
    private final PromotionWarmup warmup;
    private final PartySettings settings;
    private final Executor failoverThreads;
    private final long writer;
    /** One transition at a time: an election, a close. Held while joining; never while a call runs. */
    private final ReentrantLock transitions = new ReentrantLock();
    private volatile State state = State.JOINING;
    private volatile Role role;
    private volatile DB localDb; // the engine's DB while leading: the handles' fast path
    private volatile boolean closing; // set before the close waits for an election under way, which then stops
    private String directoryId; // the directory opened, fixed by the first join
    private LevelShareException replaced; // REPLACED: what every later call fails with; guarded by transitions
    private final AtomicLong failovers = new AtomicLong();
    // The functions a failover hands out, made ahead (see the party package).
    private final LongSupplier failoverCount = failovers::get;
    private final BooleanSupplier abandoned = () -> closing;
    private final Runnable servePromoted = () -> {
        Role current = role;
        if (current instanceof LeaderRole) { // unless the app closed the DB meanwhile
            ((LeaderRole) current).serve();
        }
    };

    private DirectoryRole(String canonicalPath, DbOpener opener, Election election, PromotionWarmup warmup,
                          PartySettings settings, Executor failoverThreads, long writer) {
        this.canonicalPath = canonicalPath;
        this.opener = opener;
        this.election = election;
        this.warmup = warmup;
        this.settings = settings;
        this.failoverThreads = failoverThreads;
        this.writer = writer;
    }

    /**
     * JOINING: the app's open. Leads (serving before this returns) or follows; open errors other than another process's
     * lock are thrown as the engine threw them.
     *
     * @param writer the id of this process's writes through a leader (0: none)
     */
    static DirectoryRole join(String canonicalPath, DbOpener opener, Election election, PromotionWarmup warmup,
                              PartySettings settings, Executor failoverThreads, long writer) throws IOException {
        DirectoryRole directory = new DirectoryRole(canonicalPath, opener, election, warmup, settings,
                failoverThreads, writer);
        // Watched from before it may serve: an exit right after its server starts still removes the socket file. A
        // follower too: it may lead when the JVM exits.
        JvmExit.watch(directory);
        directory.transitions.lock();
        try {
            Role joined = election.join(canonicalPath, opener, Election.Occasion.OPEN, directory.abandoned, writer,
                    null, directory.failoverCount);
            directory.directoryId = joined.directoryId();
            directory.enter(joined.isLeader() ? State.LEADING : State.FOLLOWING, joined);
        } catch (IOException | RuntimeException | Error e) {
            JvmExit.forget(directory);
            throw e;
        } finally {
            directory.transitions.unlock();
        }
        return directory;
    }

    /**
     * Moves to {@code next} with {@code newRole} (null: the role stays), and starts what the state asks for. The one
     * place where the state and the role change; called with {@link #transitions} held.
     */
    private void enter(State next, Role newRole) {
        State previous = state;
        if (!NEXT.get(previous).contains(next)) {
            throw new IllegalStateException("levelshare: " + canonicalPath + " cannot go from " + previous + " to "
                    + next);
        }
        if (newRole != null) {
            role = newRole;
        }
        localDb = next == State.LEADING ? role.db() : null;
        state = next;
        log.debug("{}: {} -> {}", canonicalPath, previous, next);
        switch (next) {
            case LEADING:
                if (previous == State.JOINING) {
                    ((LeaderRole) role).serve(); // the app's open returns with others able to join
                    warmup.leading();
                    failoverThreads.execute(() -> StaleSockets.sweepNowAndThen(settings.socketPaths().socketDir()));
                } else if (FailoverThreads.isCurrent()) {
                    // Promoted by an election thread: it serves at once, the other followers are waiting for it.
                    ((LeaderRole) role).serve();
                } else {
                    // Promoted by an app's call: the call goes to the engine now; another thread serves.
                    failoverThreads.execute(servePromoted);
                }
                break;
            case FOLLOWING:
                watchLeader((FollowerRole) role);
                warmup.following(opener);
                break;
            default:
                break;
        }
    }

    /** A follower elects as soon as its leader goes away, even if the app is idle, so promotion never waits for a call. */
    private void watchLeader(FollowerRole follower) {
        long leaderPid = follower.leaderPid();
        Runnable elect = () -> { // made ahead (see the party package)
            if (!closing && role == follower) {
                log.info("leader pid {} of {} is gone; electing a new one", leaderPid, canonicalPath);
                try {
                    afterLoss();
                } catch (LevelShareException e) {
                    log.warn("{}", e.getMessage());
                }
            }
        };
        follower.whenLeaderLost(() -> {
            if (!closing && role == follower) {
                failoverThreads.execute(elect);
            }
        });
    }

    /** The role to call now: the current one, or if its leader is gone, the next one (waiting up to the deadline). */
    Role usable() {
        Role current = role;
        return current.isUsable() ? current : afterLoss();
    }

    /**
     * A usable role after a call met a lost leader: the current one if it works (another thread already elected, or the
     * failure was a leader saying it is shutting down), else ELECTING: this process may take the lock (promoted) or
     * follow whoever did. Concurrent callers wait for one election. Fails with a {@link LevelShareException} naming the
     * directory if no leader appears within the failover deadline, or if the directory was replaced.
     */
    Role afterLoss() {
        transitions.lock();
        try {
            if (closing) {
                throw new LevelShareException("levelshare: this DB handle for " + canonicalPath + " is closed");
            }
            if (replaced != null) {
                throw replaced.rethrownHere();
            }
            Role current = role;
            if (current.isUsable()) {
                return current;
            }
            enter(State.ELECTING, null);
            closeQuietly(current);
            failovers.incrementAndGet();
            try {
                Role next = election.join(canonicalPath, opener, Election.Occasion.FAILOVER, abandoned, writer,
                        directoryId, failoverCount);
                enter(next.isLeader() ? State.LEADING : State.FOLLOWING, next);
                return next;
            } catch (DirectoryReplacedException e) {
                replaced = e;
                enter(State.REPLACED, null);
                log.warn("{}", e.getMessage());
                throw e;
            } catch (IOException e) {
                enter(State.LEADERLESS, null);
                throw new LevelShareException("levelshare: no leader for " + canonicalPath + " within "
                        + settings.failoverDeadlineMillis() + " ms after the last one went away (" + e.getMessage()
                        + ")", e);
            } catch (RuntimeException e) {
                enter(State.LEADERLESS, null);
                if (e instanceof LevelShareException) {
                    throw e;
                }
                // The engine here could not take over (e.g. it cannot read what another engine wrote): the app's calls
                // say why; the election released the lock for any other process to try.
                throw new LevelShareException("levelshare: this process could not take over " + canonicalPath
                        + " after its leader went away: " + e, e);
            }
        } finally {
            transitions.unlock();
        }
    }

    /**
     * At the JVM's normal exit without a close (see {@link JvmExit}): if this process leads, flushes the engine's
     * memtable while followers are still served (so the one promoted next replays little) and removes the socket file.
     */
    void beforeJvmExit() {
        LeaderRole leader = leaderRole();
        if (!closing && leader != null) {
            leader.flushBeforeExit();
        }
    }

    /** CLOSED: stops an election under way, then leaves the current role ({@code beforeLeaving} runs first). */
    void close(java.util.function.Consumer<Role> beforeLeaving) throws IOException {
        closing = true;
        JvmExit.forget(this);
        transitions.lock();
        try {
            Role current = role;
            enter(State.CLOSED, null);
            beforeLeaving.accept(current);
            current.close();
        } finally {
            transitions.unlock();
        }
    }

    Role role() {
        return role;
    }

    /** The engine's DB while this process leads, else null: the handles' fast path. */
    DB localDb() {
        return localDb;
    }

    /** The current role as a leader (compaction suspensions go through it); null if following. */
    LeaderRole leaderRole() {
        Role current = role;
        return current instanceof LeaderRole ? (LeaderRole) current : null;
    }

    /** The id of the directory this DB was opened in ({@link dev.levelshare.os.DirectoryIdentity}). */
    String directoryId() {
        return directoryId;
    }

    boolean isClosing() {
        return closing;
    }

    /** Elections after a lost leader this process took part in. */
    long failoversSeen() {
        return failovers.get();
    }

    private void closeQuietly(Role r) {
        try {
            r.close();
        } catch (IOException | RuntimeException e) {
            log.debug("closing the previous role of {}: {}", canonicalPath, e.toString());
        }
    }
}
