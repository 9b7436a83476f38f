package dev.levelshare.server;

import dev.levelshare.os.CurrentProcess;
import dev.levelshare.protocol.Opcode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Faults a test can ask a levelshare process for, with the system property {@code levelshare.failpoint} (never set it in
 * production). One or more, separated by {@code ;}:
 * <ul>
 *   <li>{@code die-after-apply:N:MS}: as a leader, apply the N-th write (put, delete, batch) received from another
 *       process but never answer it, keep serving everything else for MS milliseconds, then halt as SIGKILL would
 *       (no close, no shutdown hooks). This is the write whose client must send it again to the next leader.</li>
 *   <li>{@code delay-election:MS}: after its leader went away, wait MS milliseconds before trying to take the lock,
 *       so that another process is promoted.</li>
 * </ul>
 */
public final class Failpoints {
    private static final Logger log = LoggerFactory.getLogger(Failpoints.class);
    public static final String PROPERTY = "levelshare.failpoint";
    private static final Failpoints NONE = new Failpoints(0, 0, 0);
    private static volatile Failpoints current;

    private final int dieAfterApply;
    private final long dieAfterMillis;
    private final long electionDelayMillis;
    private final AtomicInteger writes = new AtomicInteger();

    private Failpoints(int dieAfterApply, long dieAfterMillis, long electionDelayMillis) {
        this.dieAfterApply = dieAfterApply;
        this.dieAfterMillis = dieAfterMillis;
        this.electionDelayMillis = electionDelayMillis;
    }

    /** This process's failpoints (none unless the system property names some; a malformed one is logged and ignored). */
    public static Failpoints current() {
        Failpoints f = current;
        if (f == null) {
            String value = System.getProperty(PROPERTY);
            try {
                f = value == null || value.isEmpty() ? NONE : parse(value);
                if (f != NONE) {
                    log.warn("failpoints armed ({}={}): this process will fail on purpose", PROPERTY, value);
                }
            } catch (IllegalArgumentException e) {
                log.error("ignoring {}={}: {}", PROPERTY, value, e.getMessage());
                f = NONE;
            }
            current = f;
        }
        return f;
    }

    static Failpoints parse(String value) {
        int dieAfter = 0;
        long dieMillis = 0;
        long delay = 0;
        for (String point : value.split(";")) {
            String[] parts = point.trim().split(":");
            switch (parts[0]) {
                case "die-after-apply":
                    if (parts.length != 3) {
                        throw new IllegalArgumentException("expected die-after-apply:N:MS, got " + point);
                    }
                    dieAfter = Math.toIntExact(positive(parts[1], point));
                    dieMillis = nonNegative(parts[2], point);
                    break;
                case "delay-election":
                    if (parts.length != 2) {
                        throw new IllegalArgumentException("expected delay-election:MS, got " + point);
                    }
                    delay = nonNegative(parts[1], point);
                    break;
                default:
                    throw new IllegalArgumentException("unknown failpoint " + point
                            + " (known: die-after-apply:N:MS, delay-election:MS)");
            }
        }
        return new Failpoints(dieAfter, dieMillis, delay);
    }

    private static long positive(String number, String point) {
        long n = nonNegative(number, point);
        if (n == 0) {
            throw new IllegalArgumentException("N must be 1 or more in " + point);
        }
        return n;
    }

    private static long nonNegative(String number, String point) {
        try {
            long n = Long.parseLong(number);
            if (n < 0) {
                throw new IllegalArgumentException("negative number in " + point);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number: " + number + " in " + point);
        }
    }

    /**
     * True for the one received write whose answer is withheld (die-after-apply); counts writes from other processes
     * as they arrive ({@code peerPid}: the sender's), not this process's own (its rehearsal of serving).
     */
    boolean withholdsAnswerTo(byte opcode, long peerPid) {
        if (dieAfterApply == 0 || (opcode != Opcode.PUT && opcode != Opcode.DELETE && opcode != Opcode.WRITE)
                || peerPid == CurrentProcess.pid()) {
            return false;
        }
        return writes.incrementAndGet() == dieAfterApply;
    }

    /** The withheld write was applied: halt once the grace of die-after-apply has passed. */
    void haltLater() {
        Thread halter = new Thread(() -> {
            try {
                TimeUnit.MILLISECONDS.sleep(dieAfterMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            log.warn("failpoint die-after-apply: pid {} halts now", CurrentProcess.pid());
            Runtime.getRuntime().halt(137);
        }, "levelshare-failpoint");
        halter.setDaemon(false);
        halter.start();
        log.warn("failpoint die-after-apply: write #{} applied, not answered; halting in {} ms", dieAfterApply,
                dieAfterMillis);
    }

    /** delay-election: the wait before this process tries to take a lock its leader left. */
    public long electionDelayMillis() {
        return electionDelayMillis;
    }
}
