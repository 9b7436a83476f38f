package dev.levelshare.server;

import dev.levelshare.transport.LoopWakeUps;
import dev.levelshare.transport.Polling;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The event loops that serve connections, shared by every {@link DbServer} of the process (one per core, at most
 * {@value #MAX_LOOPS}): a process that opens and closes many DBs does not start and stop threads each time, and one
 * follower's connections are spread over the loops. Daemon threads that block in {@code epoll_wait} while idle;
 * after a request they poll for a while ({@link PollingSelectStrategy}). One group per polling budget in use.
 */
final class ServerLoops {
    private static final int MAX_LOOPS = 4;
    private static final Map<Long, EventLoopGroup> GROUPS = new ConcurrentHashMap<>();

    private ServerLoops() {}

    /** Every loop made so far wakes up every {@code periodMillis} from now on, idle or not (see {@link LoopWakeUps}). */
    static void wakeRegularly(long periodMillis) {
        for (EventLoopGroup group : GROUPS.values()) {
            LoopWakeUps.every(group, periodMillis);
        }
    }

    static EventLoopGroup of(Polling polling) {
        return GROUPS.computeIfAbsent(polling.budgetNanos(), budget -> new MultiThreadIoEventLoopGroup(
                Math.min(MAX_LOOPS, Runtime.getRuntime().availableProcessors()),
                new DefaultThreadFactory("levelshare-server", true),
                EpollIoHandler.newFactory(0, () -> polling.polls() ? new PollingSelectStrategy(polling)
                        : io.netty.channel.DefaultSelectStrategyFactory.INSTANCE.newSelectStrategy())));
    }
}
