package dev.levelshare.party;

import dev.levelshare.LevelShareException;
import dev.levelshare.client.ClientOptions;
import dev.levelshare.client.RemoteDb;
import dev.levelshare.os.CurrentProcess;
import dev.levelshare.os.SocketPaths;
import dev.levelshare.server.DbServer;
import dev.levelshare.server.ServerOptions;
import dev.levelshare.transport.Polling;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A follower may be promoted at any moment, and then every millisecond until it serves is a millisecond the other
 * followers wait. The first server a JVM starts is slow to bind and to answer its first handshake, nearly all of it
 * Netty's and levelshare's server code running for the first time (class loading and initialisation, the event loop's
 * first start, lambda linkage); loading the classes alone does not remove it.
 *
 * <p>So once per JVM, as soon as it follows, a follower rehearses the whole thing in the background: it serves an
 * empty {@link RehearsalDb} on a scratch socket in the socket directory, connects to it as a client, gets, puts and
 * deletes a key, closes the server and sees the client's next call fail (what a promotion starts with), and closes the
 * client. Nothing is shared with any real DB, and the rehearsal's socket is removed afterwards (leftovers of
 * processes killed mid-rehearsal are removed by the next rehearsal).
 */
final class ServerRehearsal {
    private static final Logger log = LoggerFactory.getLogger(ServerRehearsal.class);
    private static final AtomicBoolean SERVER_REHEARSED = new AtomicBoolean();
    private static final AtomicBoolean ENGINE_REHEARSED = new AtomicBoolean();
    private static final String PREFIX = "rehearsal-";
    private static final String SUFFIX = ".sock";
    /** Counted down once a follower's rehearsal, scheduled or under way, has loaded Netty's native transport. */
    private static volatile CountDownLatch nativeLoad;

    private ServerRehearsal() {}

    /**
     * A follower's rehearsal of its promotion, on {@code threads}: serving, then {@code opener}'s engine
     * ({@link EngineRehearsal}); each once per JVM, later calls do nothing. True if it scheduled the server's (which
     * loads Netty's native transport: see {@link #awaitNativeLoad}).
     */
    static boolean inBackground(PartySettings settings, DbOpener opener, Executor threads) {
        boolean server = SERVER_REHEARSED.compareAndSet(false, true);
        boolean engine = ENGINE_REHEARSED.compareAndSet(false, true);
        if (server || engine) {
            SocketPaths sockets = settings.socketPaths();
            CountDownLatch loaded = server ? expectNativeLoad() : null;
            threads.execute(() -> {
                if (server) {
                    rehearse(loaded, sockets, settings.polling());
                }
                if (engine) {
                    EngineRehearsal.rehearse(opener, sockets.socketDir().resolve(EngineRehearsal.PREFIX
                            + CurrentProcess.pid() + EngineRehearsal.SUFFIX).toFile(), settings.minFreeDiskBytes());
                }
            });
        }
        return server;
    }

    /**
     * A leader's rehearsal of its hand-over, on {@code threads}, once per JVM: the server's close has never run in a
     * leader that did not rehearse as a follower, and its first run (Netty's close from another thread, the
     * connections' release; class loading and lambda linkage) would slow its first graceful hand-over while the
     * followers wait. The server rehearsal runs it; its engine is the app's and warm.
     */
    static void servingInBackground(PartySettings settings, Executor threads) {
        if (SERVER_REHEARSED.compareAndSet(false, true)) {
            // Not awaited at the exit: the leader's own server has loaded Netty's native transport already.
            threads.execute(() -> rehearseServing(settings.socketPaths(), settings.polling()));
        }
    }

    /**
     * Waits up to {@code millis} for a follower's rehearsal to load Netty's native transport; called at the JVM's
     * exit. That is where a follower's JVM first loads it, and Netty copies the library to {@code java.io.tmpdir} and
     * deletes the copy once loaded: a JVM that ended in between left the copy behind, and short-lived followers
     * (a tool that exits right after its one call) often did. The rest of the rehearsal may be cut short (its socket and scratch DB are removed by the next one). A leader's
     * rehearsal is not awaited: its own server loaded the library before.
     */
    static void awaitNativeLoad(long millis) {
        CountDownLatch loaded = nativeLoad;
        if (loaded != null) {
            try {
                loaded.await(millis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** One rehearsal, on this thread: true if a client got its answer from the rehearsal server. */
    static boolean rehearse(SocketPaths sockets, Polling polling) {
        return rehearse(expectNativeLoad(), sockets, polling);
    }

    private static boolean rehearse(CountDownLatch loaded, SocketPaths sockets, Polling polling) {
        try {
            DbServer.loadNativeTransport();
        } catch (RuntimeException | LinkageError e) {
            // Serving will fail too, and say so.
        } finally {
            loaded.countDown();
        }
        return rehearseServing(sockets, polling);
    }

    /** Marks a native load as expected from now (scheduled counts: the exit must not miss one about to start). */
    private static CountDownLatch expectNativeLoad() {
        CountDownLatch loaded = new CountDownLatch(1);
        nativeLoad = loaded;
        return loaded;
    }

    private static boolean rehearseServing(SocketPaths sockets, Polling polling) {
        long start = System.nanoTime();
        Path socket = sockets.socketDir().resolve(PREFIX + CurrentProcess.pid() + SUFFIX);
        try {
            sockets.ensureSocketDir();
            removeLeftovers(sockets.socketDir());
            byte[] key = {0};
            try (DbServer server = DbServer.start(new RehearsalDb(), "levelshare-rehearsal", socket,
                    ServerOptions.defaults().withPolling(polling).withBlockingThreads(1));
                 RemoteDb client = RemoteDb.connect(socket, "levelshare-rehearsal", ClientOptions.defaults()
                         .withClientName("levelshare rehearsal").withPolling(polling))) {
                client.get(key);
                client.put(key, key); // a put and a delete: the other followers' first requests to a promoted one
                client.delete(key);
                server.close();
                try {
                    client.get(key); // what a promotion starts with: a call that meets the leader gone
                    throw new IllegalStateException("the rehearsal server answered after it closed");
                } catch (LevelShareException expected) {
                    // the server is gone
                }
            }
            log.debug("server rehearsed in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            return true;
        } catch (IOException | RuntimeException e) {
            // Only a promotion's speed depends on it; promotion itself does not.
            log.debug("server rehearsal failed: {}", e.toString());
            return false;
        } finally {
            try {
                Files.deleteIfExists(socket);
            } catch (IOException e) {
                log.debug("cannot remove {}: {}", socket, e.toString());
            }
        }
    }

    /** Scratch sockets and DBs of rehearsals whose process died before it removed them. */
    private static void removeLeftovers(Path socketDir) throws IOException {
        try (DirectoryStream<Path> rehearsals = Files.newDirectoryStream(socketDir, PREFIX + "*")) {
            for (Path leftover : rehearsals) {
                String name = leftover.getFileName().toString();
                int dot = name.indexOf('.');
                try {
                    long pid = Long.parseLong(name.substring(PREFIX.length(), dot < 0 ? name.length() : dot));
                    if (pid != CurrentProcess.pid() && !ProcessHandle.of(pid).isPresent()) {
                        if (Files.isDirectory(leftover)) {
                            EngineRehearsal.delete(leftover.toFile());
                        } else {
                            Files.deleteIfExists(leftover);
                        }
                    }
                } catch (NumberFormatException e) {
                    // Not one of ours: leave it.
                }
            }
        }
    }
}
