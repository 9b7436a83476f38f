package dev.levelshare.server;

import dev.levelshare.transport.Polling;
import io.netty.channel.SelectStrategy;
import io.netty.util.IntSupplier;

/**
 * How a server event loop waits for requests: after a wake-up, while another request is likely to follow soon, it
 * polls its sockets without sleeping ({@code epoll_wait} with no timeout) before it blocks in {@code epoll_wait} as
 * Netty's default does. A client doing one call after another so finds the loop awake (no thread wake-up per call, which
 * costs more than the round trip itself on the machines this runs on: TRAPS and BENCHMARKS.md),
 * and an idle server sleeps.
 *
 * <p>The polling window adapts, so that polling costs CPU only where it pays: it is the whole budget after a request
 * came within the budget (found while polling, or arriving soon after the loop went to sleep); each window that runs
 * out without a request halves it, down to none. A client that calls a little less often than the budget would
 * otherwise cost the leader a steady share of a core in polling that never catches a request; with the halving it costs
 * what blocking costs (BENCHMARKS.md, Polling and CPU).
 * One per loop; only its loop's thread uses it.
 */
final class PollingSelectStrategy implements SelectStrategy {
    /** Below this a window is not worth a look: block at once. */
    private static final long MIN_WINDOW_NANOS = 1_000;

    private final long budgetNanos;
    private long windowNanos;
    private long pollUntil;
    private long blockedAt;
    private int step;
    /** The last decision was to block: the next call follows a wake-up. */
    private boolean blocked = true;

    PollingSelectStrategy(Polling polling) {
        this.budgetNanos = polling.budgetNanos();
        this.windowNanos = budgetNanos;
    }

    @Override
    public int calculateStrategy(IntSupplier selectNow, boolean hasTasks) throws Exception {
        if (hasTasks) {
            return selectNow.get(); // as Netty's default: look at the sockets, then run the tasks
        }
        long now = System.nanoTime();
        if (blocked) {
            blocked = false;
            if (now - blockedAt < budgetNanos) {
                windowNanos = budgetNanos; // the loop slept less than a budget: polling would have caught it
            }
            pollUntil = now + windowNanos;
            step = 0;
        }
        int ready = selectNow.get();
        if (ready > 0) {
            windowNanos = budgetNanos;
            pollUntil = now + windowNanos;
            step = 0;
            return ready;
        }
        if (now - pollUntil < 0) {
            Polling.pause(step++);
            return SelectStrategy.CONTINUE;
        }
        windowNanos = windowNanos / 2 < MIN_WINDOW_NANOS ? 0 : windowNanos / 2;
        blocked = true;
        blockedAt = now;
        return SelectStrategy.SELECT;
    }
}
