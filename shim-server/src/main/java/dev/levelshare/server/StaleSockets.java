package dev.levelshare.server;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.Socket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Removes the socket files that nobody listens on any more from a socket directory: what a leader killed with SIGKILL
 * (or a power cut) leaves behind, since only a normal exit can remove its own. A directory made again at the same path
 * gets a socket of another name (see {@link dev.levelshare.os.SocketPaths}), so no later leader rebinds, and so
 * replaces, such a file: without this sweep they would pile up.
 *
 * <p>A socket is stale when a connect to it is refused: the kernel answers so only when no socket listens on that
 * file. A file younger than {@link #MIN_AGE} is left alone, so that a socket between its bind and its listen (a few
 * microseconds) is never taken for a stale one. A connect that gets in is closed at once; the server sees a client
 * that left before its handshake.
 */
public final class StaleSockets {
    private static final Logger log = LoggerFactory.getLogger(StaleSockets.class);
    static final Duration MIN_AGE = Duration.ofSeconds(2);
    /** One sweep per directory per this period in a JVM is plenty: leftovers are rare and harmless for a while. */
    private static final long PERIOD_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final AtomicLong lastSweep = new AtomicLong(System.nanoTime() - PERIOD_NANOS);

    private StaleSockets() {}

    /** {@link #sweep} unless this JVM swept within the last minute. */
    public static void sweepNowAndThen(Path socketDir) {
        long last = lastSweep.get();
        long now = System.nanoTime();
        if (now - last >= PERIOD_NANOS && lastSweep.compareAndSet(last, now)) {
            sweep(socketDir);
        }
    }

    /** Removes every {@code *.sock} in {@code socketDir} that nobody listens on; returns how many. Never throws. */
    public static int sweep(Path socketDir) {
        int removed = 0;
        Instant youngest = Instant.now().minus(MIN_AGE);
        try (DirectoryStream<Path> sockets = Files.newDirectoryStream(socketDir, "*.sock")) {
            Epoll.ensureAvailability();
            for (Path socket : sockets) {
                // Old before the probe and still old after it: a leader that bound a new socket there meanwhile made a
                // new file, which is young.
                if (isOlderThan(socket, youngest) && nobodyListensOn(socket) && isOlderThan(socket, youngest)
                        && Files.deleteIfExists(socket)) {
                    removed++;
                }
            }
        } catch (IOException | RuntimeException | LinkageError e) {
            log.debug("could not sweep stale sockets from {}: {}", socketDir, e.toString());
        }
        if (removed > 0) {
            log.debug("removed {} socket(s) nobody listened on from {}", removed, socketDir);
        }
        return removed;
    }

    private static boolean isOlderThan(Path file, Instant instant) throws IOException {
        return Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(instant);
    }

    private static boolean nobodyListensOn(Path socket) {
        Socket probe = Socket.newSocketDomain();
        try {
            probe.connect(new DomainSocketAddress(socket.toString()));
            return false; // connected (or under way): someone listens
        } catch (IOException e) {
            return String.valueOf(e.getMessage()).contains("Connection refused");
        } finally {
            try {
                probe.close();
            } catch (IOException e) {
                log.debug("closing a probe of {}: {}", socket, e.toString());
            }
        }
    }
}
