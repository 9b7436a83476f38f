package dev.levelshare.transport;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How a thread that expects a message soon waits for it, on either side of a connection: it polls (looks again
 * without sleeping) for up to a budget, then sleeps until woken. Waking a sleeping thread costs several times a round
 * trip on a Unix socket on the virtual machines this runs on (BENCHMARKS.md has both figures of the day), so a
 * caller awaiting its answer, and a server loop that has just answered a request, poll first. Idle threads sleep:
 * polling happens only while messages flow, and a budget of 0 turns it off.
 *
 * <p>Pollers must never starve the threads they wait for: on two cores, one caller polling and a server loop polling
 * would otherwise hold both while the threads that have work to do wait for a time slice. So polling yields the core
 * every few steps, and at most {@link #maxSpinners()} threads of a process poll at once while not doing I/O
 * themselves ({@link #tryStartSpinning()}).
 */
public final class Polling {
    /** Default budget: long enough for a round trip and the caller's next request, short enough to cost little. */
    public static final long DEFAULT_MICROS = dev.levelshare.config.Settings.DEFAULT_POLL_MICROS;

    private static final int MAX_SPINNERS = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    private static final AtomicInteger SPINNERS = new AtomicInteger();

    private final long budgetNanos;

    private Polling(long budgetNanos) {
        this.budgetNanos = budgetNanos;
    }

    /** Polls for up to {@code micros} µs before sleeping; 0 never polls. */
    public static Polling ofMicros(long micros) {
        if (micros < 0) {
            throw new IllegalArgumentException("levelshare setting pollMicros must be 0 (never poll) or more, got "
                    + micros);
        }
        return new Polling(TimeUnit.MICROSECONDS.toNanos(micros));
    }

    public long budgetNanos() {
        return budgetNanos;
    }

    public long micros() {
        return TimeUnit.NANOSECONDS.toMicros(budgetNanos);
    }

    public boolean polls() {
        return budgetNanos > 0;
    }

    /**
     * One step of a poll loop: mostly a CPU hint, and every eighth step a yield, so that threads with work to do on
     * this core run (a poll that found nothing has nothing better to do).
     */
    public static void pause(int step) {
        if ((step & 7) == 7) {
            Thread.yield();
        } else {
            Thread.onSpinWait();
        }
    }

    /** Threads of this process that may spin at once while waiting for another thread to hand them their answer. */
    public static int maxSpinners() {
        return MAX_SPINNERS;
    }

    /** Claims one of the spinning places; false if they are all taken (then sleep at once). */
    public static boolean tryStartSpinning() {
        if (SPINNERS.incrementAndGet() <= MAX_SPINNERS) {
            return true;
        }
        SPINNERS.decrementAndGet();
        return false;
    }

    public static void stopSpinning() {
        SPINNERS.decrementAndGet();
    }
}
