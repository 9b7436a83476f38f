package dev.levelshare.server;

import dev.levelshare.engine.CompactionSuspensions;
import dev.levelshare.engine.Engines;
import dev.levelshare.engine.LocalEngine;
import dev.levelshare.os.CurrentProcess;
import dev.levelshare.protocol.Hello;
import dev.levelshare.transport.LoopWakeUps;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.iq80.leveldb.DB;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Serves one open {@link DB} over a Unix domain socket (Netty epoll), and optionally over TCP with a token.
 *
 * <p>Only the process holding the DB's LevelDB lock may start a server on its socket (or bind it first, holding the DB's
 * open ticket, see {@link UnixListener}): a bind silently replaces whatever file is at the path, so the lock and the
 * ticket are what guarantee no live server is ever displaced. {@link #close()} stops
 * serving and frees every client's iterators and snapshots; it does not close the DB, which belongs to the caller.
 */
public final class DbServer implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(DbServer.class);

    private final Path socketPath;
    private final LocalEngine db;
    private final String engine;
    private final ServerStats stats;
    private final ExecutorService blocking;
    private final ChannelGroup channels;

    private final List<Channel> listeners;
    private final ConnectionSetup setup;
    private final LiveConnections live;
    private volatile boolean closed;

    private DbServer(Path socketPath, LocalEngine db, String engine, ServerStats stats, ExecutorService blocking,
                     ChannelGroup channels, List<Channel> listeners, ConnectionSetup setup, LiveConnections live) {
        this.socketPath = socketPath;
        this.db = db;
        this.engine = engine;
        this.stats = stats;
        this.blocking = blocking;
        this.channels = channels;
        this.listeners = listeners;
        this.setup = setup;
        this.live = live;
    }

    /** Loads Netty's native transport, which the server's sockets and loops need, now (once per JVM; it may throw). */
    public static void loadNativeTransport() {
        Epoll.ensureAvailability();
    }

    /**
     * Removes the socket file, so that no new client finds it (those connected stay served): for a JVM that exits
     * without closing, whose file would otherwise outlive it.
     */
    public void removeSocketFile() {
        UnixListener.removeSocketFile(socketPath);
    }

    /**
     * The JVM is exiting: the server event loops stop sleeping in native code, so that HotSpot does not hold the
     * exiting process (and its followers' calls) for up to 300 ms (see {@link LoopWakeUps}). They keep serving.
     */
    public static void beforeJvmExit() {
        ServerLoops.wakeRegularly(LoopWakeUps.AT_EXIT_MILLIS);
    }

    /**
     * Starts serving {@code db} at {@code socketPath} (and on TCP if the options say so). The caller must hold the DB's
     * lock (it opened the DB) and the socket's directory must exist. Given a {@link LocalEngine}, the server writes
     * through its disk guard and suspends compactions through its count, with the serving process's own app; any other
     * DB is served as it is.
     */
    public static DbServer start(DB db, String canonicalDbPath, Path socketPath, ServerOptions options)
            throws IOException {
        UnixListener unix;
        try {
            unix = UnixListener.bind(socketPath, options);
        } catch (IOException e) {
            throw new IOException("levelshare: cannot serve " + canonicalDbPath + " on " + socketPath + ": "
                    + e.getMessage(), e);
        }
        return start(db, canonicalDbPath, unix, options);
    }

    /**
     * Starts serving {@code db} on a socket already bound ({@link UnixListener#bind}, with the same options), so that
     * the clients that connected meanwhile are answered now; closes it if serving fails.
     */
    public static DbServer start(DB db, String canonicalDbPath, UnixListener unix, ServerOptions options)
            throws IOException {
        Path socketPath = unix.socketPath();
        LocalEngine local = LocalEngine.of(db);
        String engine = Engines.nameOf(local.engine());
        ServerStats stats = new ServerStats();
        stats.countFailoversWith(options.failoversSeen());
        CompactionSuspensions suspensions = local.suspensions();
        Operations operations = new Operations(local, canonicalDbPath, engine, CurrentProcess.pid(), options, suspensions,
                stats);
        Hello.ServerHello hello = new Hello.ServerHello(canonicalDbPath, CurrentProcess.pid(), engine,
                options.maxFrameBytes(), options.maxIteratorsPerConnection(), options.maxSnapshotsPerConnection(),
                options.readOnly(), local.keyOrder().comparatorName() == null ? ""
                : local.keyOrder().comparatorName());
        EventLoopGroup group = ServerLoops.of(options.polling());
        ExecutorService blocking = new ThreadPoolExecutor(options.blockingThreads(), options.blockingThreads(),
                30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), new DefaultThreadFactory("levelshare-blocking", true));
        ((ThreadPoolExecutor) blocking).allowCoreThreadTimeOut(true);
        ChannelGroup channels = new DefaultChannelGroup("levelshare-clients", GlobalEventExecutor.INSTANCE);
        LiveConnections live = new LiveConnections();
        ConnectionSetup setup = new ConnectionSetup(local, hello, operations, suspensions, blocking, stats,
                channels, options, live);
        List<Channel> listeners = new ArrayList<>();
        try {
            if (options.tcpAddress() != null) {
                listeners.add(new ServerBootstrap()
                        .group(group)
                        .channel(EpollServerSocketChannel.class)
                        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, UnixListener.WATER_MARK)
                        .childOption(ChannelOption.TCP_NODELAY, true)
                        .childHandler(new ChannelInitializer<EpollSocketChannel>() {
                            @Override
                            protected void initChannel(EpollSocketChannel ch) {
                                setup.initTcp(ch);
                            }
                        })
                        .bind(options.tcpAddress()).sync().channel());
            }
            listeners.add(0, unix.acceptWith(setup));
            log.debug("serving {} ({}) on {}", canonicalDbPath, engine, socketPath);
            return new DbServer(socketPath, local, engine, stats, blocking, channels, listeners, setup, live);
        } catch (Exception e) {
            unix.close();
            for (Channel listener : listeners) {
                listener.close().awaitUninterruptibly();
            }
            blocking.shutdown();
            throw new IOException("levelshare: cannot serve " + canonicalDbPath + " on " + socketPath
                    + (options.tcpAddress() != null ? " and tcp " + options.tcpAddress() : "") + ": " + e, e);
        }
    }

    /** The TCP address actually bound (with the real port if 0 was asked for), or null if not serving TCP. */
    public InetSocketAddress tcpAddress() {
        return listeners.size() > 1 ? (InetSocketAddress) listeners.get(1).localAddress() : null;
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
     * Slow requests (sync writes, big batches, compactions) queued or running off the event loops. Fast requests
     * complete within the read that brought them, so these are all a request can be "in" at any moment.
     */
    public int slowRequestsInProgress() {
        ThreadPoolExecutor pool = (ThreadPoolExecutor) blocking;
        return pool.getActiveCount() + pool.getQueue().size();
    }

    /**
     * Stops accepting, closes every connection (freeing its iterators and snapshots), waits for slow engine calls in
     * progress, and removes the socket file. The DB stays open: close it after this returns.
     *
     * <p>With clients connected, one of them opens the DB next (a follower is promoted) and replays what the engine's
     * log holds: up to a write buffer's worth, the largest part of a graceful hand-over. So first, while the clients are
     * still served, the memtable is flushed ({@link #flushMemtableForClients}). The caller's close takes that longer (a
     * few ms; more if a compaction is under way); without clients it costs nothing.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        flushMemtableForClients("closing");
        // The socket file goes first: a follower waiting for this leader's open ticket looks for it before it tries
        // a connect, which only fails now and costs it far more than a look (see Election).
        UnixListener.removeSocketFile(socketPath);
        // Listeners and connections are closed at once, each on its own loop, and awaited together: a hand-over's
        // followers wait for this. A connection accepted meanwhile is closed as it is set up. Each is closed directly:
        // a ChannelGroup's close completes through Netty's GlobalEventExecutor, whose thread starts on demand,
        // in the middle of the hand-over. The event loops are shared by the process's servers: they stay.
        setup.closeNewConnections();
        List<ChannelFuture> closing = new ArrayList<>();
        for (Channel listener : listeners) {
            closing.add(listener.close());
        }
        for (Channel channel : channels) {
            closing.add(channel.close());
        }
        for (ChannelFuture closed : closing) {
            closed.awaitUninterruptibly();
        }
        try {
            if (!live.awaitNone(10_000)) {
                log.warn("connections of {} still hold engine resources after 10 s", socketPath);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        blocking.shutdown();
        try {
            while (!blocking.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("waiting for slow engine calls (compactRange, sync writes) to finish before closing");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.debug("stopped serving on {}", socketPath);
    }

    /**
     * With clients connected, writes the engine's memtable into a table ({@link LocalEngine#flushMemtable}) while
     * they are still served, so that the one promoted next replays a log of what was written since (nearly nothing)
     * rather than up to a write buffer's worth. Without clients it costs nothing. For a JVM that exits without closing
     * its DB (its engine's log would be replayed as a killed one's), the caller makes sure the DB is not closed
     * meanwhile.
     *
     * @param before what comes next, for the log line ("closing", "the JVM's exit")
     */
    public void flushMemtableForClients(String before) {
        if (stats.connectionCount() == 0) {
            return;
        }
        long start = System.nanoTime();
        boolean flushed = db.flushMemtable();
        log.debug("{} before {} {}: {} µs", flushed ? "memtable flushed" : "memtable not flushed", before, socketPath,
                (System.nanoTime() - start) / 1000);
    }
}
