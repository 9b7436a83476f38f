package dev.levelshare.party;

import dev.levelshare.client.RemoteDbInternals;
import dev.levelshare.engine.LocalEngine;
import dev.levelshare.os.CurrentProcess;
import dev.levelshare.os.SocketPaths;
import dev.levelshare.server.DbServer;
import dev.levelshare.server.ServerOptions;
import dev.levelshare.server.UnixListener;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.Snapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.LongSupplier;

/**
 * This process holds the DB's LevelDB lock: the app's handles go straight to the engine's DB, and other processes are
 * served on the directory's socket. Holding the lock is what entitles it to bind (and so replace) that socket.
 */
final class LeaderRole implements Role {
    private static final Logger log = LoggerFactory.getLogger(LeaderRole.class);

    private final String canonicalPath;
    private final String directoryId;
    private final LocalEngine db;
    private final PartySettings settings;
    private final String how;
    private final OpenTicket ticket;
    private final Election.Claim claim;
    private UnixListener early; // guarded by this; bound before the engine opened, until serve() takes it over
    private volatile DbServer server; // written under this; null until served, or if serving failed
    private boolean serveAttempted; // guarded by this
    private boolean closed; // guarded by this
    private final LongSupplier failovers;
    private int appSuspensions; // guarded by this

    /**
     * The role of a process that has just opened {@code engineDb} (so it holds the lock); the app may use it at once,
     * and other processes can join once {@link #serve} has run. The app and the clients write through one disk guard.
     *
     * @param how for the log line: "leader for", "promoted to leader for"
     * @param early the DB's socket if it was bound before the open ({@link #listenEarly}), else null
     * @param directoryId the id of the directory opened ({@link dev.levelshare.os.DirectoryIdentity})
     * @param ticket the DB's open ticket, held while this leads
     * @param claim this JVM's claim on the directory, released after the ticket when this closes
     * @param failovers the failovers this process went through, for {@code status}
     */
    LeaderRole(String canonicalPath, String directoryId, DB engineDb, LocalEngine.KeyOrder order,
               PartySettings settings, String how, UnixListener early, OpenTicket ticket, Election.Claim claim,
               LongSupplier failovers) {
        this.canonicalPath = canonicalPath;
        this.directoryId = directoryId;
        this.db = LocalEngine.guarded(engineDb, canonicalPath, settings.minFreeDiskBytes(), order,
                settings.resendWindowMillis());
        this.settings = settings;
        this.how = how;
        this.early = early;
        this.ticket = ticket;
        this.claim = claim;
        this.failovers = failovers;
    }

    /**
     * Binds the DB's socket before this process opens the engine, which it may only do holding the DB's open ticket (no
     * other levelshare process serves it, or will while the ticket is held): the other followers connect and send
     * their calls during the engine's recovery, answered once {@link #serve} runs. Null if it cannot be bound now
     * ({@link #serve} tries again).
     */
    static UnixListener listenEarly(PartySettings settings, String canonicalPath, String directoryId) {
        try {
            return bind(settings, canonicalPath, directoryId);
        } catch (IOException | RuntimeException e) {
            log.debug("cannot listen early for {}: {}", canonicalPath, e.toString());
            return null;
        }
    }

    /** The DB's socket, bound in the socket directory (made ready first) with this leader's access rights. */
    private static UnixListener bind(PartySettings settings, String canonicalPath, String directoryId)
            throws IOException {
        SocketPaths sockets = settings.socketPaths();
        sockets.ensureSocketDir();
        if (settings.peerPolicy().admitsOtherUsers()) {
            sockets.letOtherUsersReachSockets();
        }
        return UnixListener.bind(sockets.socketFor(canonicalPath, directoryId), serverOptions(settings));
    }

    private static ServerOptions serverOptions(PartySettings settings) {
        return ServerOptions.defaults().withPeerPolicy(settings.peerPolicy()).withPolling(settings.polling());
    }

    /**
     * Serves the DB to other processes on its socket; once, and not after {@link #close}. A failure to serve is logged,
     * not thrown: the app's own open succeeded and must not fail because others cannot join.
     */
    synchronized void serve() {
        if (serveAttempted || closed) {
            return;
        }
        serveAttempted = true;
        Path socket;
        UnixListener bound = early;
        early = null;
        try {
            if (bound == null) {
                bound = bind(settings, canonicalPath, directoryId);
            }
            socket = bound.socketPath();
            server = DbServer.start(db, canonicalPath, bound, serverOptions(settings).withFailoversSeen(failovers));
        } catch (IOException | RuntimeException e) {
            log.error("{} {} (pid {}) but cannot serve it, so other processes cannot join: {}", how, canonicalPath,
                    CurrentProcess.pid(), e.getMessage());
            return;
        }
        log.info("{} {} (pid {}, {}), serving other processes on {}", how, canonicalPath, CurrentProcess.pid(),
                server.engine(), socket);
    }

    @Override
    public LocalEngine db() {
        return db;
    }

    @Override
    public boolean isLeader() {
        return true;
    }

    @Override
    public String directoryId() {
        return directoryId;
    }

    @Override
    public boolean isUsable() {
        return true;
    }

    @Override
    public boolean owns(Snapshot snapshot) {
        return !RemoteDbInternals.isRemoteSnapshot(snapshot);
    }

    @Override
    public long leaderPid() {
        return CurrentProcess.pid();
    }

    @Override
    public long servedRequests() {
        return server == null ? 0 : server.stats().opsServed();
    }

    @Override
    public int connectedClients() {
        return server == null ? 0 : server.stats().connectionCount();
    }

    @Override
    public long refusedPeers() {
        return server == null ? 0 : server.stats().refusedPeers();
    }

    /**
     * The app's own {@code suspendCompactions()} while this process leads: counted with the clients' suspensions (the
     * engine cannot nest them). Blocks until compactions are suspended.
     */
    void suspendCompactions() throws InterruptedException {
        db.suspendCompactions();
        synchronized (this) {
            appSuspensions++;
        }
    }

    /** Undoes one of the app's suspensions; with none held it changes nothing (clients' suspensions stay). */
    void resumeCompactions() {
        synchronized (this) {
            if (appSuspensions == 0) {
                return;
            }
            appSuspensions--;
        }
        db.resumeCompactions();
    }

    /**
     * With followers connected, flushes the engine's memtable while they are still served, as {@link #close} does
     * first, then removes the socket file; for a JVM exiting without a close ({@link JvmExit}). Holds this role's monitor throughout, so an app's
     * close at the same moment (from its own shutdown hook) waits for the flush instead of closing the engine under it.
     */
    synchronized void flushBeforeExit() {
        if (!closed && server != null) {
            server.flushMemtableForClients("the JVM's exit");
            // No new client from now on: the file would outlive the process. Those connected stay served.
            server.removeSocketFile();
        }
    }

    /** Stops serving first (followers see the disconnect and elect), then closes the DB, which releases the lock. */
    @Override
    public void close() throws IOException {
        try {
            DbServer server;
            int left;
            synchronized (this) {
                closed = true; // waits for a serve() under way, and stops one still to come
                if (early != null) {
                    early.close(); // never served: the clients waiting on it see the connection close
                    early = null;
                }
                server = this.server;
                left = appSuspensions;
                appSuspensions = 0;
            }
            if (server != null) {
                server.close(); // clients' suspensions are undone as their connections close
            }
            for (int i = 0; i < left; i++) {
                db.resumeCompactions(); // never close an engine whose compactor is parked in a suspension
            }
            db.close(); // the disk guard's suspension too
            log.info("closed {}; leadership released", canonicalPath);
        } finally {
            ticket.release();
            claim.release();
        }
    }
}
