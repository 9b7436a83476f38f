package dev.levelshare.client;

import dev.levelshare.LevelShareException;
import dev.levelshare.protocol.ErrorCode;
import io.netty.buffer.ByteBuf;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * One request awaiting its response. The event loop decodes the response payload ({@link ResponseReader}) and wakes
 * the waiting thread; an ERROR is kept as code and message, and the exception is built in {@link #await} so its stack
 * trace shows the caller, not the event loop. The first outcome wins; later ones are ignored.
 */
final class PendingCall<T> {
    private static final Object NULL = new Object();
    /**
     * A round trip takes ~10 µs, while waking a parked thread on a virtualised core can take ~50 µs: so a waiter spins
     * briefly before parking. At most half the cores spin at once, so that under load (many waiting threads) the event
     * loops that complete the calls keep their CPU.
     */
    private static final int SPINS = Integer.getInteger("levelshare.spins", 20_000);
    private static final int MAX_SPINNING = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    private static final AtomicInteger SPINNING = new AtomicInteger();

    final int id;
    private final ResponseReader<T> reader;
    private final String description;
    private volatile Object outcome;
    private volatile Thread waiter;

    PendingCall(int id, ResponseReader<T> reader, String description) {
        this.id = id;
        this.reader = reader;
        this.description = description;
    }

    String description() {
        return description;
    }

    /** Called on the event loop with the OK payload. */
    void complete(ByteBuf payload) {
        Object value;
        try {
            T decoded = reader.read(payload);
            value = decoded == null ? NULL : decoded;
        } catch (RuntimeException e) {
            value = new Failure(new LevelShareException("levelshare: malformed response to " + description + ": " + e, e));
        }
        settle(value);
    }

    void completeWithError(ErrorCode code, String message) {
        settle(new RemoteError(code, message));
    }

    void fail(RuntimeException e) {
        settle(new Failure(e));
    }

    private void settle(Object value) {
        if (outcome != null) {
            return;
        }
        synchronized (this) {
            if (outcome != null) {
                return;
            }
            outcome = value;
        }
        Thread w = waiter;
        if (w != null) {
            LockSupport.unpark(w);
        }
    }

    /** Waits for the outcome; {@code onTimeout} runs once if none arrives in time, then the call fails. */
    @SuppressWarnings("unchecked")
    T await(long timeoutNanos, Runnable onTimeout) {
        Object result = outcome;
        if (result == null) {
            if (SPINNING.incrementAndGet() <= MAX_SPINNING) {
                for (int spins = 0; result == null && spins < SPINS; spins++) {
                    Thread.onSpinWait();
                    result = outcome;
                }
            }
            SPINNING.decrementAndGet();
        }
        if (result == null) {
            long deadline = System.nanoTime() + timeoutNanos;
            waiter = Thread.currentThread();
            while ((result = outcome) == null) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    onTimeout.run();
                    result = outcome;
                    if (result == null) {
                        throw new LevelShareException("levelshare: no answer to " + description + " within "
                                + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
                    }
                    break;
                }
                LockSupport.parkNanos(this, remaining);
            }
            waiter = null;
        }
        if (result == NULL) {
            return null;
        } else if (result instanceof RemoteError) {
            RemoteError error = (RemoteError) result;
            throw error.code.toException(error.message);
        } else if (result instanceof Failure) {
            RuntimeException cause = ((Failure) result).exception;
            // Rethrow a fresh exception so the caller's stack is in the trace; keep the original as the cause.
            throw cause instanceof LevelShareException ? ((LevelShareException) cause).rethrownHere() : cause;
        }
        return (T) result;
    }

    private static final class RemoteError {
        final ErrorCode code;
        final String message;

        RemoteError(ErrorCode code, String message) {
            this.code = code;
            this.message = message;
        }
    }

    private static final class Failure {
        final RuntimeException exception;

        Failure(RuntimeException exception) {
            this.exception = exception;
        }
    }
}
