package dev.levelshare.cli;

import dev.levelshare.client.ClientOptions;
import dev.levelshare.client.RemoteDb;
import dev.levelshare.config.Settings;
import dev.levelshare.os.CurrentProcess;
import dev.levelshare.os.LockConflicts;
import dev.levelshare.os.PosixLocks;
import dev.levelshare.os.SocketPaths;
import dev.levelshare.server.DbServer;
import dev.levelshare.server.ServerOptions;
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
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** {@code serve <dir>}: hold the DB, serve it until SIGTERM, then close everything cleanly. */
final class ServeCommand {
    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

    private final File dir;
    private final String engine;
    private final boolean readOnly;

    private ServeCommand(File dir, String engine, boolean readOnly) {
        this.dir = dir;
        this.engine = engine;
        this.readOnly = readOnly;
    }

    static ServeCommand parse(String[] args) {
        File dir = null;
        String engine = "jni";
        boolean readOnly = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--engine":
                    if (i + 1 >= args.length) {
                        throw new UsageException("--engine needs a value: jni or iq80");
                    }
                    engine = args[++i];
                    if (!engine.equals("jni") && !engine.equals("iq80")) {
                        throw new UsageException("unknown engine '" + engine + "': use jni or iq80");
                    }
                    break;
                case "--readonly":
                    readOnly = true;
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
        return new ServeCommand(dir, engine, readOnly);
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
            SocketPaths paths = SocketPaths.fromSettings(Settings.fromSystem());
            paths.ensureSocketDir();
            Path socket = paths.socketForCanonical(canonical);
            DB db;
            try {
                db = factory().open(dir, new Options().createIfMissing(true));
            } catch (IOException e) {
                err.println(LockConflicts.heldByAnotherProcess(e) ? describeLockHolder(canonical, socket)
                        : "levelshare: cannot open " + canonical + ": " + e.getMessage());
                return Main.FAILED;
            }
            DbServer server;
            try {
                server = DbServer.start(db, canonical, socket, ServerOptions.defaults().withReadOnly(readOnly));
            } catch (IOException e) {
                closeQuietly(db);
                err.println(e.getMessage());
                return Main.FAILED;
            }
            log.info("serving {} ({}{}) on {} as sidecar pid {}; stop it with SIGTERM", canonical, server.engine(),
                    readOnly ? ", read-only" : "", socket, CurrentProcess.pid());
            awaitShutdown(server, db, canonical);
            return Main.OK;
        } catch (IOException | RuntimeException e) {
            err.println("levelshare: cannot serve " + dir + ": " + e.getMessage());
            return Main.FAILED;
        }
    }

    private DBFactory factory() {
        return engine.equals("iq80") ? Iq80DBFactory.factory : JniDBFactory.factory;
    }

    /** Blocks until the JVM shuts down (SIGTERM, SIGINT); the hook stops serving, then closes the DB. */
    private static void awaitShutdown(DbServer server, DB db, String canonical) {
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("shutting down: closing connections, then {}", canonical);
            server.close();
            closeQuietly(db);
            log.info("closed {}", canonical);
            closed.countDown();
        }, "levelshare-shutdown"));
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Says who holds the lock: a levelshare leader (then use it), or a process that does not serve it. */
    static String describeLockHolder(String canonical, Path socket) {
        try (RemoteDb leader = RemoteDb.connect(socket, canonical, ClientOptions.defaults()
                .withConnectTimeoutMillis(1000).withRequestTimeoutMillis(2000).withClientName("serve (probe)"))) {
            return "levelshare: " + canonical + " is already served by a levelshare leader (pid " + leader.server().pid
                    + ", " + leader.server().engine + "); connect to it, or see: status " + canonical;
        } catch (RuntimeException notServed) {
            return "levelshare: " + canonical + " is locked by " + PosixLocks.describeHolderOf(canonical)
                    + ", which does not serve it over levelshare"
                    + " (an app running without the levelshare agent?)";
        }
    }

    private static void closeQuietly(DB db) {
        try {
            db.close();
        } catch (IOException e) {
            log.warn("closing the DB failed: {}", e.toString());
        }
    }
}
