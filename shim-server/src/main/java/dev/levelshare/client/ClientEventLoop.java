package dev.levelshare.client;

import dev.levelshare.transport.LoopWakeUps;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The one event loop thread all client connections of this process share. Daemon, so that a client never keeps an
 * application alive, and created only when the first connection is made.
 */
final class ClientEventLoop {
    private ClientEventLoop() {}

    private static final class Holder {
        static final EventLoopGroup GROUP = new MultiThreadIoEventLoopGroup(1,
                new DefaultThreadFactory("levelshare-client", true), EpollIoHandler.newFactory());
    }

    private static volatile boolean started;

    static EventLoopGroup group() {
        started = true;
        return Holder.GROUP;
    }

    /** The loop, if started, wakes up every {@code periodMillis} from now on (see {@link LoopWakeUps}). */
    static void wakeRegularly(long periodMillis) {
        if (started) {
            LoopWakeUps.every(Holder.GROUP, periodMillis);
        }
    }
}
