package dev.levelshare.party;

import dev.levelshare.LeaderLostException;
import dev.levelshare.LevelShareException;
import dev.levelshare.management.MBeans;
import org.iq80.leveldb.DB;

import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;

/**
 * One directory this process has open, however many handles the app holds on it: the handles' count, their calls'
 * statistics and the MBean. What this process is for the directory, leader or follower, and its changes, belong to
 * its {@link DirectoryRole}; the handles keep pointing here throughout.
 */
final class SharedDb {
    final String canonicalPath;
    private final DbOpener opener;
    private final PartySettings settings;
    private final Executor failoverThreads;
    private final WriteIds writeIds; // null: exactly-once off
    private final DirectoryRole directory;
    private final boolean appUsesIq80; // asked on every iterator the app makes: decided once
    private int handles; // guarded by the party's lock for this path
    private final LongAdder calls = new LongAdder();
    private final LongAdder failedCalls = new LongAdder();
    private MBeans.Registration mbean; // guarded by this
    private boolean unpublished; // guarded by this

    private SharedDb(String canonicalPath, DbOpener opener, PartySettings settings, Executor failoverThreads,
                     WriteIds writeIds, DirectoryRole directory) {
        this.canonicalPath = canonicalPath;
        this.opener = opener;
        this.settings = settings;
        this.failoverThreads = failoverThreads;
        this.writeIds = writeIds;
        this.directory = directory;
        this.appUsesIq80 = opener.appUsesIq80();
    }

    /** Elects (leads or follows) and returns the shared DB; open errors other than a lock conflict are thrown as is. */
    static SharedDb open(String canonicalPath, DbOpener opener, Election election, PromotionWarmup warmup,
                         PartySettings settings, Executor failoverThreads) throws IOException {
        WriteIds writeIds = settings.exactlyOnce() ? new WriteIds() : null;
        DirectoryRole directory = DirectoryRole.join(canonicalPath, opener, election, warmup, settings,
                failoverThreads, writeIds == null ? 0 : writeIds.writer());
        SharedDb shared = new SharedDb(canonicalPath, opener, settings, failoverThreads, writeIds, directory);
        shared.publishInBackground();
        return shared;
    }

    /**
     * Registers the MBean off the app's open: the platform MBean server's first use is slow, and an app's first
     * {@code open} should not pay for it. A DB closed before that happens is never published (or unpublished at once).
     */
    private void publishInBackground() {
        failoverThreads.execute(() -> {
            MBeans.Registration registration = MBeans.register(new SharedDbMBean(this), canonicalPath);
            synchronized (this) {
                if (unpublished) {
                    registration.unregister();
                } else {
                    mbean = registration;
                }
            }
        });
    }

    private synchronized void unpublish() {
        unpublished = true;
        if (mbean != null) {
            mbean.unregister();
            mbean = null;
        }
    }

    Role role() {
        return directory.role();
    }

    /** The id of the directory this DB was opened in ({@link dev.levelshare.os.DirectoryIdentity}). */
    String directoryId() {
        return directory.directoryId();
    }

    /** Whether the app opened this DB with iq80 (whatever engine leads it). */
    boolean appUsesIq80() {
        return appUsesIq80;
    }

    /** The ids of this process's writes through a leader; null if exactly-once is off. */
    WriteIds writeIds() {
        return writeIds;
    }

    boolean isClosed() {
        return directory.isClosing();
    }

    /** The role to call now: the current one, or if its leader is gone, the next one (waiting up to the deadline). */
    Role usableRole() {
        return directory.usable();
    }

    /** A usable role after a call met a lost leader ({@link DirectoryRole#afterLoss}). */
    Role recover() {
        return directory.afterLoss();
    }

    /** The current role as a leader, for calls that must go through it (compaction suspensions); null if following. */
    LeaderRole leaderRole() {
        return directory.leaderRole();
    }

    /** The engine's DB while this process leads, else null: the handles' fast path. */
    DB localDb() {
        return directory.localDb();
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
        if (directory.isClosing()) {
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
        return directory.failoversSeen();
    }

    void retain() {
        handles++;
    }

    /** True when the last handle is gone. */
    boolean releaseIsLast() {
        return --handles == 0;
    }

    /** The last handle closed: stop any election in progress, then leave the current role. */
    void close() throws IOException {
        try {
            directory.close(current -> {
                if (current instanceof FollowerRole && writeIds != null && writeIds.slotsUsed() > 0) {
                    ((FollowerRole) current).forgetWriter(writeIds.writer()); // no write of ours will come again
                }
            });
        } finally {
            unpublish();
        }
    }
}
