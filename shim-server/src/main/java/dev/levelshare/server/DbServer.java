package dev.levelshare.server;

import dev.levelshare.os.CurrentProcess;
import dev.levelshare.protocol.FrameDecoder;
import dev.levelshare.protocol.Hello;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.PeerCredentials;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.iq80.leveldb.DB;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Serves one open {@link DB} over a Unix domain socket (Netty epoll).
 *
 * <p>Only the process holding the DB's LevelDB lock may start a server on its socket: epoll's bind silently replaces
 * whatever file is at the path, so the lock is what guarantees no live server is ever displaced. {@link #close()} stops
 * serving and frees every client's iterators and snapshots; it does not close the DB, which belongs to the caller.
 */
public final class DbServer implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(DbServer.class);

    private final Path socketPath;
    private final String engine;
    private final ServerStats stats;
    private final EventLoopGroup group;
    private final ExecutorService blocking;
    private final ChannelGroup channels;
    private final Channel serverChannel;
    private volatile boolean closed;

    private DbServer(Path socketPath, String engine, ServerStats stats, EventLoopGroup group, ExecutorService blocking,
                     ChannelGroup channels, Channel serverChannel) {
        this.socketPath = socketPath;
        this.engine = engine;
        this.stats = stats;
        this.group = group;
        this.blocking = blocking;
        this.channels = channels;
        this.serverChannel = serverChannel;
    }

    /**
     * Starts serving {@code db} at {@code socketPath}. The caller must hold the DB's lock (it opened the DB) and the
     * socket's directory must exist.
     */
    public static DbServer start(DB db, String canonicalDbPath, Path socketPath, ServerOptions options)
            throws IOException {
        String engine = Engines.nameOf(db);
        ServerStats stats = new ServerStats();
        Operations operations = new Operations(db, canonicalDbPath, engine, CurrentProcess.pid(), options.readOnly(),
                stats);
        Hello.ServerHello hello = new Hello.ServerHello(canonicalDbPath, CurrentProcess.pid(), engine,
                options.maxFrameBytes(), options.maxIteratorsPerConnection(), options.maxSnapshotsPerConnection(),
                options.readOnly());
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(options.eventLoopThreads(),
                new DefaultThreadFactory("levelshare-server", true), EpollIoHandler.newFactory());
        ExecutorService blocking = new ThreadPoolExecutor(options.blockingThreads(), options.blockingThreads(),
                30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), new DefaultThreadFactory("levelshare-blocking", true));
        ((ThreadPoolExecutor) blocking).allowCoreThreadTimeOut(true);
        ChannelGroup channels = new DefaultChannelGroup("levelshare-clients", GlobalEventExecutor.INSTANCE);

        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(EpollServerDomainSocketChannel.class)
                .childOption(io.netty.channel.ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(1 << 20, 4 << 20))
                .childHandler(new ChannelInitializer<EpollDomainSocketChannel>() {
                    @Override
                    protected void initChannel(EpollDomainSocketChannel ch) {
                        channels.add(ch);
                        ServedConnection connection = newConnection(ch, db, engine, options);
                        stats.connected(connection);
                        FrameDecoder frames = new FrameDecoder(options.maxFrameBytes());
                        ch.pipeline().addLast("preamble", new PreambleDecoder(connection));
                        ch.pipeline().addLast("frames", frames);
                        ch.pipeline().addLast("handshake", new HandshakeHandler(hello, connection,
                                options.handshakeTimeoutMillis(),
                                new RequestHandler(operations, connection, blocking, stats)));
                        ch.pipeline().addLast("disconnect", new DisconnectHandler(connection, frames, blocking, db,
                                stats));
                    }
                });
        try {
            Channel serverChannel = bootstrap.bind(new DomainSocketAddress(socketPath.toString())).sync().channel();
            Files.setPosixFilePermissions(socketPath, PosixFilePermissions.fromString("rw-------"));
            log.debug("serving {} ({}) on {}", canonicalDbPath, engine, socketPath);
            return new DbServer(socketPath, engine, stats, group, blocking, channels, serverChannel);
        } catch (Exception e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            blocking.shutdown();
            throw new IOException("levelshare: cannot serve " + canonicalDbPath + " on " + socketPath + ": " + e, e);
        }
    }

    private static ServedConnection newConnection(EpollDomainSocketChannel ch, DB db, String engine,
                                                  ServerOptions options) {
        long pid = -1;
        int uid = -1;
        try {
            PeerCredentials credentials = ch.peerCredentials();
            pid = credentials.pid();
            uid = credentials.uid();
        } catch (IOException e) {
            log.debug("peer credentials unavailable", e);
        }
        return new ServedConnection(pid, uid, new ConnectionResources(db, engine,
                options.maxIteratorsPerConnection(), options.maxSnapshotsPerConnection()));
    }

    public Path socketPath() {
        return socketPath;
    }

    public String engine() {
        return engine;
    }

    public ServerStats stats() {
        return stats;
    }

    /**
     * Stops accepting, closes every connection (freeing its iterators and snapshots), waits for slow engine calls in
     * progress, and removes the socket file. The DB stays open: close it after this returns.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        serverChannel.close().awaitUninterruptibly();
        channels.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        blocking.shutdown();
        try {
            while (!blocking.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("waiting for slow engine calls (compactRange, sync writes) to finish before closing");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(socketPath);
        } catch (IOException e) {
            log.warn("could not remove socket {}: {}", socketPath, e.toString());
        }
        log.debug("stopped serving on {}", socketPath);
    }
}
