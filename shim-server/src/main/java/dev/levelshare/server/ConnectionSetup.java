package dev.levelshare.server;

import dev.levelshare.engine.LocalEngine;
import dev.levelshare.engine.CompactionSuspensions;
import dev.levelshare.protocol.FrameDecoder;
import dev.levelshare.protocol.Hello;
import io.netty.channel.Channel;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.unix.PeerCredentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.concurrent.Executor;

/**
 * Builds the pipeline of every accepted connection. Unix socket peers are first judged by their kernel credentials
 * ({@link PeerPolicy}); TCP peers must present the token ({@link TokenCheckHandler}). Then both speak the same
 * protocol: preamble, frames, handshake, requests.
 */
final class ConnectionSetup {
    private static final Logger log = LoggerFactory.getLogger(ConnectionSetup.class);

    private final LocalEngine db;
    private final Hello.ServerHello hello;
    private final Operations operations;
    private final CompactionSuspensions suspensions;
    private final Executor blocking;
    private final ServerStats stats;
    private final ChannelGroup channels;
    private final ServerOptions options;
    private final LiveConnections live;
    private volatile boolean closing;

    ConnectionSetup(LocalEngine db, Hello.ServerHello hello, Operations operations,
                    CompactionSuspensions suspensions, Executor blocking, ServerStats stats, ChannelGroup channels,
                    ServerOptions options, LiveConnections live) {
        this.db = db;
        this.hello = hello;
        this.operations = operations;
        this.suspensions = suspensions;
        this.blocking = blocking;
        this.stats = stats;
        this.channels = channels;
        this.options = options;
        this.live = live;
    }

    /**
     * From now on a connection is closed as soon as it is set up: the server is closing its listeners and its
     * connections at once, and one accepted meanwhile must not escape that.
     */
    void closeNewConnections() {
        closing = true;
    }

    void initUnix(EpollDomainSocketChannel ch) {
        long pid = -1;
        int uid = -1;
        int[] gids = new int[0];
        try {
            PeerCredentials credentials = ch.peerCredentials();
            pid = credentials.pid();
            uid = credentials.uid();
            gids = credentials.gids();
        } catch (IOException e) {
            log.debug("peer credentials unavailable", e);
        }
        if (!options.peerPolicy().admits(pid, uid, gids)) {
            stats.peerRefused();
            ch.pipeline().addLast("refused", new RefusedPeerHandler(pid, uid, options.peerPolicy()));
            return;
        }
        serve(ch, ServedConnection.unixPeer(pid, uid, newResources()), false);
    }

    void initTcp(Channel ch) {
        serve(ch, ServedConnection.tcpPeer(String.valueOf(ch.remoteAddress()), newResources()), true);
    }

    private ConnectionResources newResources() {
        return new ConnectionResources(db, options.maxIteratorsPerConnection(),
                options.maxSnapshotsPerConnection());
    }

    private void serve(Channel ch, ServedConnection connection, boolean tokenFirst) {
        channels.add(ch);
        stats.connected(connection);
        FrameDecoder frames = new FrameDecoder(options.maxFrameBytes());
        ch.pipeline().addLast("preamble", new PreambleDecoder(connection));
        ch.pipeline().addLast("frames", frames);
        if (tokenFirst) {
            ch.pipeline().addLast("token", new TokenCheckHandler(options.tcpToken(), connection, stats));
        }
        ch.pipeline().addLast("handshake", new HandshakeHandler(hello, connection, options.handshakeTimeoutMillis(),
                new RequestHandler(operations, connection, blocking, stats)));
        live.opened();
        ch.pipeline().addLast("disconnect", new DisconnectHandler(connection, frames, blocking, suspensions, stats,
                live));
        if (closing) {
            ch.close(); // after channels.add: the server's close either saw this channel there or we see closing here
        }
    }
}
