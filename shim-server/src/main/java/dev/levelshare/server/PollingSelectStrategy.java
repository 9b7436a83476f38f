package dev.levelshare.server;

import dev.levelshare.transport.Polling;
import io.netty.channel.SelectStrategy;
import io.netty.util.IntSupplier;

/**
 * How a server event loop waits for requests: after any wake-up (a request, a task), while requests are likely to
 * follow, it polls its sockets without sleeping ({@code epoll_wait} with no timeout) for up to the polling budget;
 * once the budget passes without a request it blocks in {@code epoll_wait} as Netty's default does. A client doing one
 * call after another so finds the loop awake (no ~20-50 µs wake-up per call), and an idle server sleeps. One per loop;
 * only its loop's thread uses it.
 */
final class PollingSelectStrategy implements SelectStrategy {
    private final long budgetNanos;
    private long pollUntil;
    private int step;
    /** The last decision was to block: the next call follows a wake-up. */
    private boolean blocked = true;

    PollingSelectStrategy(Polling polling) {
        this.budgetNanos = polling.budgetNanos();
    }

    @Override
    public int calculateStrategy(IntSupplier selectNow, boolean hasTasks) throws Exception {
        if (hasTasks) {
            return selectNow.get(); // as Netty's default: look at the sockets, then run the tasks
        }
        long now = System.nanoTime();
        if (blocked) {
            blocked = false;
            pollUntil = now + budgetNanos;
            step = 0;
        }
        int ready = selectNow.get();
        if (ready > 0) {
            pollUntil = now + budgetNanos;
            step = 0;
            return ready;
        }
        if (now - pollUntil < 0) {
            Polling.pause(step++);
            return SelectStrategy.CONTINUE;
        }
        blocked = true;
        return SelectStrategy.SELECT;
    }
}
