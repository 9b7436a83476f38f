package dev.levelshare.cli;

import dev.levelshare.client.ClientOptions;
import dev.levelshare.client.Endpoint;
import dev.levelshare.client.RemoteDb;
import dev.levelshare.config.Settings;
import dev.levelshare.engine.LocalEngine;
import dev.levelshare.engine.RoomToOpen;
import dev.levelshare.management.MBeans;
import dev.levelshare.party.OpenTicket;
import dev.levelshare.party.PartySettings;
import dev.levelshare.os.CurrentProcess;
import dev.levelshare.os.DirectoryIdentity;
import dev.levelshare.os.DirectoryKey;
import dev.levelshare.os.LockConflicts;
import dev.levelshare.os.PosixLocks;
import dev.levelshare.os.SocketPaths;
import dev.levelshare.os.UnservedLock;
import dev.levelshare.os.TokenFile;
import dev.levelshare.protocol.Hello;
import dev.levelshare.server.DbServer;
import dev.levelshare.server.PeerPolicy;
import dev.levelshare.server.ServerOptions;
import dev.levelshare.server.StaleSockets;
import org.fusesource.leveldbjni.JniDBFactory;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBFactory;
import org.iq80.leveldb.Options;
import org.iq80.leveldb.impl.Iq80DBFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** {@code serve <dir>}: hold the DB, serve it until SIGTERM, then close everything cleanly. */
final class ServeCommand {
    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);
    private static final long TICKET_WAIT_MILLIS = 2000;

    private final File dir;
    private final String engine;
    private final boolean readOnly;
    private final String allowUids;
    private final String allowGroups;
    private final String tcp;
    private final Path tokenFile;
    private final List<Path> hookJars;
    private final Long minFreeDiskMb;
    private final Path comparatorJar;
    private final String comparator;

    private ServeCommand(File dir, String engine, boolean readOnly, String allowUids, String allowGroups, String tcp,
                         Path tokenFile, List<Path> hookJars, Long minFreeDiskMb, Path comparatorJar,
                         String comparator) {
        this.dir = dir;
        this.engine = engine;
        this.readOnly = readOnly;
        this.allowUids = allowUids;
        this.allowGroups = allowGroups;
        this.tcp = tcp;
        this.tokenFile = tokenFile;
        this.hookJars = hookJars;
        this.minFreeDiskMb = minFreeDiskMb;
        this.comparatorJar = comparatorJar;
        this.comparator = comparator;
    }

    static ServeCommand parse(String[] args) {
        File dir = null;
        String engine = "jni";
        boolean readOnly = false;
        StringJoiner allowUids = new StringJoiner(",");
        StringJoiner allowGroups = new StringJoiner(",");
        String tcp = null;
        Path tokenFile = null;
        List<Path> hookJars = new ArrayList<>();
        Long minFreeDiskMb = null;
        Path comparatorJar = null;
        String comparator = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--engine":
                    engine = valueOf(args, ++i, "--engine", "jni or iq80");
                    if (!engine.equals("jni") && !engine.equals("iq80")) {
                        throw new UsageException("unknown engine '" + engine + "': use jni or iq80");
                    }
                    break;
                case "--readonly":
                    readOnly = true;
                    break;
                case "--allow-uid":
                    allowUids.add(valueOf(args, ++i, "--allow-uid", "a uid (or a comma-separated list)"));
                    break;
                case "--allow-group":
                    allowGroups.add(valueOf(args, ++i, "--allow-group", "a group name or gid"));
                    break;
                case "--tcp":
                    tcp = valueOf(args, ++i, "--tcp", "HOST:PORT, e.g. 127.0.0.1:7000");
                    break;
                case "--token-file":
                    tokenFile = Paths.get(valueOf(args, ++i, "--token-file", "a file holding the token"));
                    break;
                case "--hook-jar":
                    hookJars.add(Paths.get(valueOf(args, ++i, "--hook-jar", "a jar declaring write hooks")));
                    break;
                case "--min-free-disk-mb":
                    minFreeDiskMb = megabytes(valueOf(args, ++i, "--min-free-disk-mb", "megabytes (0: no guard)"));
                    break;
                case "--comparator-jar":
                    comparatorJar = Paths.get(valueOf(args, ++i, "--comparator-jar", "a jar holding the comparator"));
                    break;
                case "--comparator":
                    comparator = valueOf(args, ++i, "--comparator", "the comparator's class name");
                    break;
                default:
                    if (args[i].startsWith("-")) {
                        throw new UsageException("unknown option '" + args[i] + "' for serve");
                    }
                    if (dir != null) {
                        throw new UsageException("serve takes one directory, got '" + dir + "' and '" + args[i] + "'");
                    }
                    dir = new File(args[i]);
            }
        }
        if (dir == null) {
            throw new UsageException("serve needs the DB directory");
        }
        if ((tcp == null) != (tokenFile == null)) {
            throw new UsageException(tcp == null ? "--token-file is for --tcp; give both"
                    : "--tcp needs --token-file: every TCP client must present the token in it");
        }
        if (comparatorJar != null && comparator == null) {
            throw new UsageException("--comparator-jar needs --comparator CLASS: the class in it to order the DB with");
        }
        return new ServeCommand(dir, engine, readOnly, allowUids.toString(), allowGroups.toString(), tcp, tokenFile,
                hookJars, minFreeDiskMb, comparatorJar, comparator);
    }

    private static long megabytes(String value) {
        try {
            long mb = Long.parseLong(value);
            if (mb >= 0) {
                return mb;
            }
        } catch (NumberFormatException e) {
            // the usage error below says what is expected
        }
        throw new UsageException("--min-free-disk-mb needs a whole number of megabytes, 0 or more; got '" + value + "'");
    }

    /** Free space kept for the engine: the option, else the minFreeDiskMb setting, else its default. */
    private long minFreeDiskBytes() {
        return minFreeDiskMb != null ? minFreeDiskMb * 1024 * 1024
                : PartySettings.minFreeDiskBytes(Settings.fromSystem());
    }

    private static String valueOf(String[] args, int i, String option, String what) {
        if (i >= args.length) {
            throw new UsageException(option + " needs a value: " + what);
        }
        return args[i];
    }

    /** The server's options from the command line; fails on a bad uid, group, address, token file or hook jar. */
    private ServerOptions serverOptions() throws IOException {
        ServerOptions options = ServerOptions.defaults().withReadOnly(readOnly)
                .withPeerPolicy(PeerPolicy.sameUserOnly().allowing(allowUids, allowGroups))
                .withWriteHooks(HookJars.load(hookJars));
        if (tcp != null) {
            InetSocketAddress address = Endpoint.parseHostAndPort(tcp);
            if (!address.getAddress().isLoopbackAddress()) {
                log.warn("serving TCP on {}, which is not loopback: the token and all data travel unencrypted;"
                        + " prefer 127.0.0.1 and an ssh or TLS tunnel", address);
            }
            options = options.withTcp(address, TokenFile.read(tokenFile));
        }
        return options;
    }

    int run(PrintStream out, PrintStream err) {
        File parent = dir.getAbsoluteFile().getParentFile();
        if (parent != null && !parent.isDirectory()) {
            err.println("levelshare: cannot serve " + dir + ": parent directory " + parent + " does not exist");
            return Main.FAILED;
        }
        if (dir.exists() && !dir.isDirectory()) {
            err.println("levelshare: cannot serve " + dir + ": it is a file, not a DB directory");
            return Main.FAILED;
        }
        try {
            String canonical = SocketPaths.canonicalPath(dir);
            ServerOptions options = serverOptions();
            SocketPaths paths = SocketPaths.fromSettings(Settings.fromSystem());
            paths.ensureSocketDir();
            if (options.peerPolicy().admitsOtherUsers()) {
                paths.letOtherUsersReachSockets();
            }
            // The directory is made now (its parent exists) so that it has its id before anyone serves it.
            if (!dir.isDirectory() && !dir.mkdir() && !dir.isDirectory()) {
                err.println("levelshare: cannot serve " + dir + ": cannot create the directory");
                return Main.FAILED;
            }
            String directoryId = DirectoryIdentity.readOrCreate(Paths.get(canonical));
            String directoryKey = DirectoryKey.of(canonical, directoryId);
            Path socket = paths.socketFor(canonical, directoryId);
            SidecarShutdown shutdown = SidecarShutdown.install(canonical);
            if (!shutdown.starting()) {
                return Main.FAILED; // stopped before it began
            }
            DbServer server;
            try {
                long minFree = minFreeDiskBytes();
                String noRoom = RoomToOpen.shortage(dir, minFree);
                if (noRoom != null) {
                    err.println(noRoom);
                    return Main.FAILED;
                }
                // Held for as long as this process serves: a follower promoted elsewhere binds the socket before its
                // open only while it holds the ticket, so it never replaces this sidecar's socket.
                OpenTicket ticket = awaitTicket(paths, canonical, directoryKey, socket);
                if (ticket == null) {
                    err.println(describeLockHolder(canonical, socket)); // another levelshare process leads or opens it
                    return Main.FAILED;
                }
                server = openAndServe(canonical, socket, options, minFree, shutdown, err);
                if (server == null) {
                    ticket.release();
                    return Main.FAILED;
                }
            } finally {
                shutdown.started();
            }
            MBeans.register(new SidecarMBean(canonical, server), canonical);
            StaleSockets.sweep(paths.socketDir()); // what killed leaders left behind
            shutdown.await();
            return Main.OK;
        } catch (IOException | RuntimeException e) {
            err.println("levelshare: cannot serve " + dir + ": " + e.getMessage());
            return Main.FAILED;
        }
    }

    /**
     * The DB's open ticket, or null if a levelshare leader serves the DB. A follower holds the ticket for a moment while
     * it tries the open in an election: then this waits (up to {@value #TICKET_WAIT_MILLIS} ms) for it to give the
     * ticket back, or to serve.
     */
    private static OpenTicket awaitTicket(SocketPaths paths, String canonical, String directoryKey, Path socket) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TICKET_WAIT_MILLIS);
        while (true) {
            OpenTicket ticket = OpenTicket.tryTake(paths, directoryKey);
            if (ticket != null || System.nanoTime() > deadline || servedByLeader(canonical, socket)) {
                return ticket;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10)); // the holder's open takes milliseconds
        }
    }

    private static boolean servedByLeader(String canonical, Path socket) {
        return leaderOf(canonical, socket, 100) != null;
    }

    /** What the levelshare leader serving the DB says of itself, or null if none answers on its socket. */
    private static Hello.ServerHello leaderOf(String canonical, Path socket, long connectTimeoutMillis) {
        try (RemoteDb leader = RemoteDb.connect(socket, canonical, ClientOptions.defaults()
                .withConnectTimeoutMillis(connectTimeoutMillis).withRequestTimeoutMillis(TICKET_WAIT_MILLIS)
                .withClientName("serve (probe)"))) {
            return leader.server();
        } catch (RuntimeException notServed) {
            return null;
        }
    }

    /** Opens the engine and serves it; null (the reason on {@code err}, nothing left open) if either fails. */
    private DbServer openAndServe(String canonical, Path socket, ServerOptions options, long minFree,
                                  SidecarShutdown shutdown, PrintStream err) {
        DbServer server;
        DB db;
        try {
            // A sidecar killed leaves its log for the next opener to recover: capped like any leader's.
            Options engineOptions = PartySettings.writeBufferCapOf(Settings.fromSystem())
                    .applyTo(new Options().createIfMissing(true));
            if (comparator != null) {
                engineOptions.comparator(ComparatorJar.load(comparatorJar, comparator));
            }
            db = LocalEngine.guarded(factory().open(dir, engineOptions), canonical, minFree,
                    LocalEngine.KeyOrder.of(engineOptions.comparator()), LocalEngine.DEFAULT_RESEND_WINDOW_MILLIS);
        } catch (IOException | RuntimeException e) {
            err.println(e instanceof IOException && LockConflicts.heldByAnotherProcess((IOException) e)
                    ? describeLockHolder(canonical, socket)
                    : "levelshare: cannot open " + canonical + ": " + e.getMessage());
            return null;
        }
        try {
            server = DbServer.start(db, canonical, socket, options);
        } catch (IOException | RuntimeException e) {
            closeQuietly(db);
            err.println(e.getMessage());
            return null;
        }
        shutdown.holds(db);
        shutdown.serves(server);
        log.info("serving {} ({}{}) on {}{} as sidecar pid {}; stop it with SIGTERM", canonical,
                server.engine(), readOnly ? ", read-only" : "", socket, server.tcpAddress() != null
                        ? " and tcp " + server.tcpAddress() : "", CurrentProcess.pid());
        log.info("access: unix socket for {}{}{}", options.peerPolicy().describe(),
                server.tcpAddress() != null ? "; tcp with the token in " + tokenFile : "",
                options.writeHooks().isEmpty() ? "" : "; write hooks " + hookNames(options));
        return server;
    }

    private static String hookNames(ServerOptions options) {
        StringJoiner names = new StringJoiner(", ");
        options.writeHooks().forEach(h -> names.add(h.getClass().getName()));
        return names.toString();
    }

    private DBFactory factory() {
        return engine.equals("iq80") ? Iq80DBFactory.factory : JniDBFactory.factory;
    }

    /** Says who holds the lock: a levelshare leader (then use it), or a process that does not serve it. */
    static String describeLockHolder(String canonical, Path socket) {
        Hello.ServerHello leader = leaderOf(canonical, socket, 1000);
        return leader != null ? "levelshare: " + canonical + " is already served by a levelshare leader (pid "
                + leader.pid + ", " + leader.engine + "); connect to it, or see: status " + canonical
                : UnservedLock.message(canonical);
    }

    private static void closeQuietly(DB db) {
        try {
            db.close();
        } catch (IOException e) {
            log.warn("closing the DB failed: {}", e.toString());
        }
    }
}
