package dev.levelshare.client;

import dev.levelshare.LevelShareException;
import dev.levelshare.protocol.ErrorCode;
import dev.levelshare.protocol.Opcode;
import io.netty.buffer.ByteBuf;

import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.concurrent.locks.LockSupport;

/**
 * One request awaiting its response. Whoever reads the connection hands the raw answer over ({@link #complete},
 * {@link #completeWithError}, {@link #fail}); the thread that waits for it decodes it in {@link #result()}, so the
 * reading thread never spends time on other callers' decoding, and an exception is built on the caller's thread (its
 * stack in the trace). The first outcome wins; a payload that arrives for a call nobody waits for any more is released.
 */
final class PendingCall<T> {
    private static final AtomicReferenceFieldUpdater<PendingCall, Object> OUTCOME =
            AtomicReferenceFieldUpdater.newUpdater(PendingCall.class, Object.class, "outcome");
    /** The caller gave up (timed out): a late answer is dropped. */
    private static final Object ABANDONED = new Object();

    final int id;
    /** When the caller gives up waiting (System.nanoTime); set when the request is sent. */
    final long deadline;
    private final ResponseReader<T> reader;
    private final byte opcode;
    /** The DB, for messages: the description is built only when one is needed (not on every call). */
    private final String dbPath;
    private volatile Object outcome;
    /** The thread parked waiting for this call, if any: whoever completes the call wakes it. */
    private volatile Thread waiter;

    PendingCall(int id, long deadline, ResponseReader<T> reader, byte opcode, String dbPath) {
        this.id = id;
        this.deadline = deadline;
        this.reader = reader;
        this.opcode = opcode;
        this.dbPath = dbPath;
    }

    /** "GET on /var/lib/app/db": what this call is, for messages. */
    String description() {
        return Opcode.name(opcode) + " on " + dbPath;
    }

    boolean isDone() {
        return outcome != null;
    }

    /** An OK answer; {@code payload} now belongs to the call (released after decoding, or if nobody decodes it). */
    void complete(ByteBuf payload) {
        if (!settle(payload)) {
            payload.release();
        }
    }

    void completeWithError(ErrorCode code, String message) {
        settle(new RemoteError(code, message));
    }

    void fail(RuntimeException e) {
        settle(new Failure(e));
    }

    private boolean settle(Object value) {
        if (!OUTCOME.compareAndSet(this, null, value)) {
            return false;
        }
        Thread w = waiter;
        if (w != null) {
            LockSupport.unpark(w);
        }
        return true;
    }

    /** The thread about to park for this call; null once it stops waiting. */
    void waitingThread(Thread thread) {
        waiter = thread;
    }

    /** True once the caller's time is up (and it has no answer). */
    boolean expired(long now) {
        return outcome == null && now - deadline >= 0;
    }

    /** Wakes the waiting thread, if one is parked (to take over reading the connection, or to give up). */
    boolean wakeWaiter() {
        Thread w = waiter;
        if (w != null && outcome == null) {
            LockSupport.unpark(w);
            return true;
        }
        return false;
    }

    /**
     * Gives up on an unanswered call (its time ran out). False if the answer arrived meanwhile: then take the result.
     */
    boolean abandon() {
        return OUTCOME.compareAndSet(this, null, ABANDONED);
    }

    /** The decoded result, or the failure thrown here; call once, when {@link #isDone()}. */
    @SuppressWarnings("unchecked")
    T result() {
        Object result = outcome;
        if (result instanceof ByteBuf) {
            ByteBuf payload = (ByteBuf) result;
            try {
                return reader.read(payload);
            } catch (RuntimeException e) {
                throw new LevelShareException("levelshare: malformed response to " + description() + ": " + e, e);
            } finally {
                payload.release();
            }
        } else if (result instanceof RemoteError) {
            RemoteError error = (RemoteError) result;
            throw error.code.toException(error.message);
        } else if (result instanceof Failure) {
            RuntimeException cause = ((Failure) result).exception;
            // Rethrow a fresh exception so the caller's stack is in the trace; keep the original as the cause.
            throw cause instanceof LevelShareException ? ((LevelShareException) cause).rethrownHere() : cause;
        }
        throw new IllegalStateException("levelshare: " + description() + " has no outcome yet");
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
