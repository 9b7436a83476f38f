package dev.levelshare.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.Socket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A DB's Unix socket, bound and listening. It accepts nobody until a {@link DbServer} takes it over: until then a
 * client's connect and its first writes (handshake, a request) succeed and wait in the kernel, and are answered as soon
 * as the server runs. A follower promoted after a failover binds one before its engine recovers the log, so that the
 * other followers find the new leader during the recovery instead of after it.
 *
 * <p>The caller must be the only levelshare process that may serve the DB (it holds the DB's lock, or its open ticket):
 * a bind silently replaces whatever file is at the path.
 */
public final class UnixListener implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(UnixListener.class);
    static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(1 << 20, 4 << 20);
    private static final int BACKLOG = 4096; // the kernel caps it at somaxconn

    private final Path socketPath;
    private final Socket socket;
    private final ServerOptions options;
    private Channel channel; // guarded by this; null until accepting
    private boolean closed; // guarded by this

    private UnixListener(Path socketPath, Socket socket, ServerOptions options) {
        this.socketPath = socketPath;
        this.socket = socket;
        this.options = options;
    }

    /**
     * Binds {@code socketPath} (its directory must exist) with the options' access rights; accepts nothing yet. The
     * calling thread makes the system calls itself: a bind through an event loop would cost a promotion two thread
     * wake-ups on busy cores.
     */
    public static UnixListener bind(Path socketPath, ServerOptions options) throws IOException {
        Epoll.ensureAvailability();
        Socket socket = Socket.newSocketDomain();
        try {
            socket.bind(new DomainSocketAddress(socketPath.toString()));
            socket.listen(BACKLOG);
            // Other users reach the socket only if the policy admits some; the policy still judges each of them.
            Files.setPosixFilePermissions(socketPath, PosixFilePermissions.fromString(
                    options.peerPolicy().admitsOtherUsers() ? "rw-rw-rw-" : "rw-------"));
        } catch (IOException | RuntimeException e) {
            socket.close();
            Files.deleteIfExists(socketPath);
            throw new IOException("cannot listen on " + socketPath + ": " + e, e);
        }
        return new UnixListener(socketPath, socket, options);
    }

    public Path socketPath() {
        return socketPath;
    }

    /**
     * Starts accepting on the server's event loops: connections waiting in the backlog and every later one are set up by
     * {@code connections}. Returns the listening channel.
     */
    synchronized Channel acceptWith(ConnectionSetup connections) throws IOException {
        if (closed) {
            throw new IOException("closed before serving: " + socketPath);
        }
        EpollServerDomainSocketChannel listening = new EpollServerDomainSocketChannel(socket.intValue(), true);
        try {
            new ServerBootstrap()
                    .group(ServerLoops.of(options.polling()))
                    .channelFactory(() -> listening)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                    .childHandler(new ChannelInitializer<EpollDomainSocketChannel>() {
                        @Override
                        protected void initChannel(EpollDomainSocketChannel ch) {
                            connections.initUnix(ch);
                        }
                    })
                    .register().sync();
        } catch (Exception e) {
            listening.close().awaitUninterruptibly();
            throw new IOException("cannot accept on " + socketPath + ": " + e, e);
        }
        channel = listening;
        return listening;
    }

    /** Stops listening and removes the socket file; clients waiting in the backlog see the connection closed. */
    @Override
    public void close() {
        Channel accepting;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            accepting = channel;
        }
        removeSocketFile(socketPath); // first: a client that looks for the file finds none from now on
        if (accepting != null) {
            accepting.close().awaitUninterruptibly();
        } else {
            try {
                socket.close();
            } catch (IOException e) {
                log.debug("closing {}: {}", socketPath, e.toString());
            }
        }
    }

    /**
     * Removes a listener's socket file, saying so if it cannot; for this listener's close, and the server's that took
     * its channel over.
     */
    static void removeSocketFile(Path socketPath) {
        try {
            Files.deleteIfExists(socketPath);
        } catch (IOException e) {
            log.warn("could not remove socket {}: {}", socketPath, e.toString());
        }
    }
}
