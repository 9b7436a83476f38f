package dev.levelshare.party;

import dev.levelshare.DiskFullException;
import dev.levelshare.LevelShareException;
import dev.levelshare.WriteRejectedException;
import dev.levelshare.protocol.WriteId;

import java.security.SecureRandom;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ids of one process's writes to one DB while it follows ({@link WriteId}): a random writer id for this open, an
 * increasing sequence number per write, and a slot per write in flight. A write holds its slot until its outcome is
 * known (answered, or failed for good), so each slot carries one write at a time and the leader need only remember
 * the last write applied on each. Slots are reused lowest first: there are as many as writes were ever in flight at
 * once, and so are the leader's proofs.
 */
final class WriteIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final long writer = newWriterId();
    private final AtomicLong seqs = new AtomicLong();
    private final AtomicInteger slotsMade = new AtomicInteger();
    private final ConcurrentLinkedDeque<Integer> freeSlots = new ConcurrentLinkedDeque<>();

    long writer() {
        return writer;
    }

    /** An id for a new write, on a slot that is now the caller's until {@link #release}. */
    WriteId acquire() {
        Integer slot = freeSlots.pollFirst();
        return new WriteId(writer, slot != null ? slot : slotsMade.getAndIncrement(), seqs.incrementAndGet());
    }

    /** The write's outcome is known: its slot may carry another. */
    void release(WriteId id) {
        freeSlots.addFirst(id.slot);
    }

    /**
     * Whether a write that failed with {@code e} will never be applied later: the leader answered it (an engine's
     * refusal, a full disk, a hook's rejection: nothing of it was applied). Not for a timeout or a deadline, after which
     * a leader could still apply it: its slot is then retired, so that no newer write's proof is overwritten by it.
     */
    static boolean outcomeKnown(RuntimeException e) {
        return !(e instanceof LevelShareException) || e instanceof DiskFullException
                || e instanceof WriteRejectedException;
    }

    /** How many slots writes have used so far. */
    int slotsUsed() {
        return slotsMade.get();
    }

    private static long newWriterId() {
        long id;
        do {
            id = RANDOM.nextLong();
        } while (id == 0);
        return id;
    }
}
