package dev.levelshare.transport;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Event loops that wake up regularly, for the JVM's exit. HotSpot ends a JVM at a final safepoint, every Java thread
 * stopped, and then waits up to 300 ms for the threads that are in native code (an event loop idle in
 * {@code epoll_wait} is one) before the process ends; a leader's followers go unanswered all that time (a JDK-only
 * program with one thread in a socket read shows it too, on JDK 17 and 25; BENCHMARKS.md (g)). A loop that wakes up returns to
 * Java and stops there, so from the exit on, levelshare's loops wake every {@value #AT_EXIT_MILLIS} ms; while the JVM
 * runs they sleep for as long as they are idle.
 */
public final class LoopWakeUps {
    /** How often the loops wake once the JVM exits. */
    public static final long AT_EXIT_MILLIS = 5;
    private static final Runnable NOTHING = () -> { };

    private LoopWakeUps() {}

    /** Every loop of {@code group} wakes every {@code periodMillis} from now on. */
    public static void every(EventLoopGroup group, long periodMillis) {
        for (EventExecutor loop : group) {
            try {
                loop.scheduleAtFixedRate(NOTHING, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // shut down already: not in native code any more
            }
        }
    }
}
