package dev.levelshare.party;

import dev.levelshare.LeaderLostException;
import dev.levelshare.DirectoryReplacedException;
import dev.levelshare.LevelShareException;
import dev.levelshare.management.MBeans;
import org.iq80.leveldb.DB;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * One directory this process has open, however many handles the app holds on it. The role underneath changes when a
 * follower's leader goes away: a new election makes this process the leader (the handles now reach the engine
 * directly) or a follower of whoever won. The handles keep pointing here throughout.
 */
final class SharedDb {
    private static final Logger log = LoggerFactory.getLogger(SharedDb.class);

    final String canonicalPath;
    private final DbOpener opener;
    private final Election election;
    private final PartySettings settings;
    private final Executor failoverThreads;
    private final WriteIds writeIds; // null: exactly-once off
    private final ReentrantLock electing = new ReentrantLock();
    private volatile Role role;
    private volatile DB localDb;
    private volatile boolean closed;
    private String directoryId; // the directory opened, fixed by the first join
    private volatile LevelShareException gone; // set when the directory was replaced: every later call fails with it
    private int handles; // guarded by the party's lock for this path
    private final LongAdder calls = new LongAdder();
    private final LongAdder failedCalls = new LongAdder();
    private final AtomicLong failovers = new AtomicLong();
    /*
     * The functions a failover hands out, made once with the DB rather than on the failover path: a lambda's first
     * creation links it (0.15-0.4 ms, a new shape up to 2 ms, measured in a young JVM) while the other followers wait.
     */
    private final LongSupplier failoverCount = failovers::get;
    private final BooleanSupplier closedCheck = this::isClosed;
    private final Runnable serveLeader = () -> {
        LeaderRole leader = leaderRole(); // the one just promoted, unless the app closed the DB meanwhile
        if (leader != null) {
            leader.serve();
        }
    };
    private MBeans.Registration mbean; // guarded by this

    private SharedDb(String canonicalPath, DbOpener opener, Election election, PartySettings settings,
                     Executor failoverThreads) {
        this.canonicalPath = canonicalPath;
        this.opener = opener;
        this.election = election;
        this.settings = settings;
        this.failoverThreads = failoverThreads;
        this.writeIds = settings.exactlyOnce() ? new WriteIds() : null;
    }

    /** Elects (leads or follows) and returns the shared DB; open errors other than a lock conflict are thrown as is. */
    static SharedDb open(String canonicalPath, DbOpener opener, Election election, PartySettings settings,
                         Executor failoverThreads) throws IOException {
        SharedDb shared = new SharedDb(canonicalPath, opener, election, settings, failoverThreads);
        shared.become(election.join(canonicalPath, opener, false, shared.closedCheck, shared.writer(), null));
        shared.directoryId = shared.role.directoryId();
        shared.publishInBackground();
        JvmExit.watch(shared); // a follower too: it may lead when the JVM exits
        return shared;
    }

    /**
     * Registers the MBean off the app's open: the platform MBean server's first use costs ~120 ms, which an app's first
     * {@code open} should not pay. A DB closed before that happens is never published (or unpublished at once).
     */
    private void publishInBackground() {
        failoverThreads.execute(() -> {
            MBeans.Registration registration = MBeans.register(new SharedDbMBean(this), canonicalPath);
            synchronized (this) {
                if (closed) {
                    registration.unregister();
                } else {
                    mbean = registration;
                }
            }
        });
    }

    private synchronized void unpublish() {
        if (mbean != null) {
            mbean.unregister();
            mbean = null;
        }
    }

    /** Switches to {@code next}; the handles' fast path (the engine's DB, or null) follows it. */
    private Role become(Role next) {
        watch(next);
        if (next instanceof LeaderRole) {
            ((LeaderRole) next).countFailoversWith(failoverCount);
        }
        role = next;
        localDb = next.isLeader() ? next.db() : null;
        return next;
    }

    Role role() {
        return role;
    }

    /** The id of the directory this DB was opened in ({@link dev.levelshare.os.DirectoryIdentity}). */
    String directoryId() {
        return directoryId;
    }

    /** Whether the app opened this DB with iq80 (whatever engine leads it). */
    boolean appUsesIq80() {
        return opener.appUsesIq80();
    }

    /** The ids of this process's writes through a leader; null if exactly-once is off. */
    WriteIds writeIds() {
        return writeIds;
    }

    private long writer() {
        return writeIds == null ? 0 : writeIds.writer();
    }

    boolean isClosed() {
        return closed;
    }

    /** The role to call now: the current one, or if its leader is gone, the next one (waiting up to the deadline). */
    Role usableRole() {
        Role current = role;
        return current.isUsable() ? current : recover();
    }

    /**
     * A usable role after a call failed with {@link dev.levelshare.LeaderLostException}: the current one if it works (another thread
     * already elected, or the failure was a leader saying it is shutting down), else a new election: this process may
     * take the lock (promoted) or follow whoever did. Concurrent callers wait for one election. Fails with a plain
     * {@link LevelShareException} naming the directory if no leader appears within the failover deadline.
     */
    Role recover() {
        Role next;
        electing.lock();
        try {
            checkOpen();
            if (gone != null) {
                throw gone.rethrownHere();
            }
            Role current = role;
            if (current.isUsable()) {
                return current;
            }
            closeQuietly(current);
            failovers.incrementAndGet();
            try {
                next = become(election.join(canonicalPath, opener, true, closedCheck, writer(), directoryId));
            } catch (IOException e) {
                throw new LevelShareException("levelshare: no leader for " + canonicalPath + " within "
                        + settings.failoverDeadlineMillis() + " ms after the last one went away (" + e.getMessage()
                        + ")", e);
            } catch (DirectoryReplacedException e) {
                gone = e;
                log.warn("{}", e.getMessage());
                throw e;
            } catch (LevelShareException e) {
                throw e;
            } catch (RuntimeException e) {
                // The engine here could not take over (e.g. it cannot read what another engine wrote): the app's calls
                // say why; the election released the lock for any other process to try.
                throw new LevelShareException("levelshare: this process could not take over " + canonicalPath
                        + " after its leader went away: " + e, e);
            }
        } finally {
            electing.unlock();
        }
        if (next instanceof LeaderRole) {
            // Promoted: the app's calls already go to the engine; the followers wait for this. An app thread that ran
            // the election hands it to another thread, so as not to wait for it too; an election thread serves at once
            // (a hand-off to a new thread was measured to cost the other followers several ms).
            if (FailoverThreads.isCurrent()) {
                ((LeaderRole) next).serve();
            } else {
                failoverThreads.execute(serveLeader);
            }
        }
        return next;
    }

    /** The current role as a leader, for calls that must go through it (compaction suspensions); null if following. */
    LeaderRole leaderRole() {
        Role current = role;
        return current instanceof LeaderRole ? (LeaderRole) current : null;
    }

    /** The engine's DB while this process leads, else null: the handles' fast path. */
    DB localDb() {
        return localDb;
    }

    /** A follower elects as soon as its leader goes away, even if the app is idle, so promotion never waits for a call. */
    private void watch(Role joined) {
        if (joined instanceof FollowerRole) {
            FollowerRole follower = (FollowerRole) joined;
            long leaderPid = follower.leaderPid();
            Runnable elect = () -> { // made now, not when the leader is lost: see failoverCount
                if (!closed && role == follower) {
                    log.info("leader pid {} of {} is gone; electing a new one", leaderPid, canonicalPath);
                    try {
                        recover();
                    } catch (LevelShareException e) {
                        log.warn("{}", e.getMessage());
                    }
                }
            };
            follower.whenLeaderLost(() -> {
                if (!closed && role == follower) {
                    failoverThreads.execute(elect);
                }
            });
        }
    }

    /**
     * What a call that met {@code lost} does next: returns if it may be sent again to the next leader; throws if it
     * read a snapshot (which died with the leader), or if it was sent and {@code retry=false}.
     *
     * @param call what the app was doing, for the message ("this call", "this iterator call")
     * @param afterwards what the app may rely on after the failure, appended to the message
     */
    void retryOrThrow(LeaderLostException lost, boolean readsSnapshot, String call, String afterwards) {
        if (readsSnapshot) {
            throw snapshotGone(lost);
        }
        if (!settings.retry() && lost.wasSent()) {
            throw new LeaderLostException("levelshare: the leader of " + canonicalPath + " went away during " + call
                    + "; not sent again (retry=false)" + afterwards, lost);
        }
    }

    LeaderLostException snapshotGone(Throwable cause) {
        return new LeaderLostException("levelshare: the snapshot of " + canonicalPath + " this read uses died"
                + " with the leader that held it (failover); take a new snapshot", cause);
    }

    void checkOpen() {
        if (closed) {
            throw new LevelShareException("levelshare: this DB handle for " + canonicalPath + " is closed");
        }
    }

    void countCall() {
        calls.increment();
    }

    void countFailedCall() {
        failedCalls.increment();
    }

    long calls() {
        return calls.sum();
    }

    long failedCalls() {
        return failedCalls.sum();
    }

    /** Elections after a lost leader this process took part in. */
    long failoversSeen() {
        return failovers.get();
    }

    void retain() {
        handles++;
    }

    /** True when the last handle is gone. */
    boolean releaseIsLast() {
        return --handles == 0;
    }

    /**
     * At the JVM's normal exit without a close (see {@link JvmExit}): if this process leads and followers are
     * connected, flushes the engine's memtable while they are still served, so the one promoted next replays little.
     */
    void flushBeforeExit() {
        Role current = role;
        if (!closed && current instanceof LeaderRole) {
            ((LeaderRole) current).flushBeforeExit();
        }
    }

    /** The last handle closed: stop any election in progress, then leave the current role. */
    void close() throws IOException {
        closed = true;
        JvmExit.forget(this);
        electing.lock();
        try {
            Role current = role;
            if (current instanceof FollowerRole && writeIds != null && writeIds.slotsUsed() > 0) {
                ((FollowerRole) current).forgetWriter(writeIds.writer()); // no write of ours will come again
            }
            current.close();
        } finally {
            electing.unlock();
            unpublish();
        }
    }

    private void closeQuietly(Role r) {
        try {
            r.close();
        } catch (IOException | RuntimeException e) {
            log.debug("closing the previous role of {}: {}", canonicalPath, e.toString());
        }
    }
}
