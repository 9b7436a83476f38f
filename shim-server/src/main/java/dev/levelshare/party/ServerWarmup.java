package dev.levelshare.party;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A follower may be promoted at any moment, and then every millisecond until it serves is a millisecond the other
 * followers wait. Loading the server's classes (Netty's server side, the handlers) takes ~10 ms the first time, so a
 * follower loads them in the background as soon as it joins, once per JVM.
 */
final class ServerWarmup {
    private static final Logger log = LoggerFactory.getLogger(ServerWarmup.class);
    private static final AtomicBoolean STARTED = new AtomicBoolean();
    private static final String[] CLASSES = {
        "dev.levelshare.server.DbServer",
        "dev.levelshare.server.Operations",
        "dev.levelshare.server.PreambleDecoder",
        "dev.levelshare.server.HandshakeHandler",
        "dev.levelshare.server.RequestHandler",
        "dev.levelshare.server.DisconnectHandler",
        "dev.levelshare.server.ServedConnection",
        "dev.levelshare.server.ServedIterator",
        "dev.levelshare.server.ConnectionResources",
        "io.netty.bootstrap.ServerBootstrap",
        "io.netty.bootstrap.ServerBootstrap$ServerBootstrapAcceptor",
        "io.netty.channel.epoll.EpollServerDomainSocketChannel",
        "io.netty.channel.group.DefaultChannelGroup",
        "io.netty.util.concurrent.GlobalEventExecutor",
    };

    private ServerWarmup() {}

    static void inBackground() {
        if (STARTED.compareAndSet(false, true)) {
            FailoverThreads.INSTANCE.execute(() -> {
                ClassLoader loader = ServerWarmup.class.getClassLoader();
                for (String name : CLASSES) {
                    try {
                        Class.forName(name, true, loader);
                    } catch (ClassNotFoundException | LinkageError e) {
                        log.debug("warm-up could not load {}: {}", name, e.toString());
                    }
                }
            });
        }
    }
}
