package dev.levelshare.engine;

import dev.levelshare.protocol.WriteId;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBIterator;
import org.iq80.leveldb.Snapshot;
import org.iq80.leveldb.WriteBatch;
import org.iq80.leveldb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Exactly-once for writes that carry a {@link WriteId}: a write is applied together with a proof of it, in one engine
 * batch (atomic, and in the engine's log before the answer, so the proof survives a SIGKILL exactly when the write
 * does); a write that arrives again, on this leader or on the next one, finds the proof and is answered without being
 * applied again.
 *
 * <p>The proof is one hidden key per writer slot ({@link HiddenKeys}) holding the last sequence number applied on it.
 * A slot carries one write at a time, so "the slot's last applied seq is this write's" is exactly "already applied".
 * The leader reads every proof once, when it opens the DB, and keeps them in memory from then on (it is the only one
 * writing them). Proofs go away when their writer says it is done ({@code FORGET_WRITER}), or once it has had no
 * connection for its resend window (it crashed, or closed without saying so): after that it sends nothing again.
 *
 * <p>Needs the engine's default bytewise key order (hidden keys must form one range); with a custom comparator the
 * engine has none ({@link LocalEngine} makes no ledger and writes with ids are applied as they come).
 */
public final class AppliedWrites {
    private static final Logger log = LoggerFactory.getLogger(AppliedWrites.class);
    private static final int SUFFIX_BYTES = 8 + 4;
    private static final ScheduledThreadPoolExecutor SWEEPS = sweeper();

    private final LocalEngine db;
    private final long defaultWindowMillis;
    private final Map<Long, Writer> writers = new ConcurrentHashMap<>();
    private final LongAdder duplicates = new LongAdder();
    private volatile boolean mayHoldProofs;
    private boolean closed; // guarded by this

    private AppliedWrites(LocalEngine db, long defaultWindowMillis) {
        this.db = db;
        this.defaultWindowMillis = defaultWindowMillis;
    }

    /**
     * The ledger of {@code db}, with the proofs it already holds read in. Writers they belong to that do not connect
     * within {@code defaultWindowMillis} are forgotten.
     */
    static AppliedWrites load(LocalEngine db, long defaultWindowMillis) {
        AppliedWrites ledger = new AppliedWrites(db, defaultWindowMillis);
        ledger.readProofs();
        return ledger;
    }

    private void readProofs() {
        int found = 0;
        try (DBIterator it = db.engine().iterator()) {
            // Each proof key was overwritten once per write of its slot, and the engine's newest tables still hold
            // every version (tens of thousands after busy writers): a step (next) walks past all of them, a seek to
            // the key's successor skips them through the tables' indexes. This runs on every promotion.
            for (it.seek(HiddenKeys.first()); it.hasNext(); ) {
                Map.Entry<byte[], byte[]> entry = it.peekNext();
                byte[] key = entry.getKey();
                it.seek(Arrays.copyOf(key, key.length + 1));
                if (!HiddenKeys.isHidden(key)) {
                    break;
                }
                found++;
                if (key.length != HiddenKeys.prefixLength() + SUFFIX_BYTES || entry.getValue().length != 8) {
                    continue; // not one of ours as laid out here: hidden, never touched
                }
                ByteBuffer suffix = ByteBuffer.wrap(key, HiddenKeys.prefixLength(), SUFFIX_BYTES);
                long writerId = suffix.getLong();
                int slotNumber = suffix.getInt();
                Slot slot = writerNamed(writerId).slot(slotNumber);
                slot.lastSeq = ByteBuffer.wrap(entry.getValue()).getLong();
                slot.stored = true;
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        mayHoldProofs = found > 0;
        for (Writer writer : writers.values()) {
            writerLeft(writer, defaultWindowMillis); // until it connects again
        }
        if (found > 0) {
            log.debug("{} proofs of applied writes from {} writers", found, writers.size());
        }
    }

    /**
     * False only while the DB holds no hidden key. Ask it after creating an iterator: an iterator reads the DB as it was
     * when it was created, so if this is still false then, the iterator cannot meet one.
     */
    public boolean mayHoldProofs() {
        return mayHoldProofs;
    }

    /** Writes answered without being applied again, since the open. */
    public long duplicates() {
        return duplicates.sum();
    }

    /** Writers with proofs held for them. */
    public int writers() {
        return writers.size();
    }

    /**
     * Applies {@code updates} (added to an engine batch) with the proof of {@code id}, unless that write was applied
     * already; either way returns what the write returns (a snapshot if {@code options} asks for one).
     */
    public Snapshot apply(WriteId id, Consumer<WriteBatch> updates, WriteOptions options) {
        WriteBatch batch = db.createWriteBatch();
        try {
            updates.accept(batch);
            return apply(id, batch, options);
        } finally {
            closeQuietly(batch);
        }
    }

    /**
     * Writes {@code batch} (one of this engine's, still the caller's to close) with the proof of {@code id} added,
     * unless that write was applied already; either way returns what the write returns.
     */
    public Snapshot apply(WriteId id, WriteBatch batch, WriteOptions options) {
        Slot slot = writerOf(id.writer).slot(id.slot);
        slot.lock.lock();
        try {
            if (slot.lastSeq == id.seq) {
                duplicates.increment();
                log.debug("{} was applied already; answered without applying it again", id);
                return options.snapshot() ? db.getSnapshot() : null;
            }
            mayHoldProofs = true; // before the write: see mayHoldProofs()
            batch.put(slot.key, ByteBuffer.allocate(8).putLong(id.seq).array());
            Snapshot snapshot = db.write(batch, options);
            slot.lastSeq = id.seq;
            slot.stored = true;
            return snapshot;
        } finally {
            slot.lock.unlock();
        }
    }

    private Writer writerOf(long writerId) {
        Writer writer = writers.get(writerId);
        if (writer == null) {
            writer = writerNamed(writerId);
            synchronized (writer) {
                if (writer.connections == 0 && writer.sweep == null) {
                    writerLeft(writer, writer.windowMillis); // a writer in this process (promoted): nothing connects
                }
            }
        }
        return writer;
    }

    /**
     * The writer, made if new. One call site for every caller: the open's reading of proofs links its lambda, so a
     * promoted leader's first hello from a writer does not link it while the other followers wait.
     */
    private Writer writerNamed(long writerId) {
        return writers.computeIfAbsent(writerId, Writer::new);
    }

    /** A connection of {@code writerId} said hello; its proofs stay while any is connected. */
    public void writerConnected(long writerId, long windowMillis) {
        Writer writer = writerNamed(writerId);
        synchronized (writer) {
            writer.connections++;
            writer.windowMillis = Math.max(writer.windowMillis, windowMillis > 0 ? windowMillis : defaultWindowMillis);
            if (writer.sweep != null) {
                writer.sweep.cancel(false);
                writer.sweep = null;
            }
        }
    }

    /** A connection of {@code writerId} closed; with none left, its proofs go once its resend window has passed. */
    public void writerDisconnected(long writerId) {
        Writer writer = writers.get(writerId);
        if (writer != null) {
            synchronized (writer) {
                if (--writer.connections == 0) {
                    writerLeft(writer, writer.windowMillis);
                }
            }
        }
    }

    /** The writer is done and sends nothing again: its proofs go now. */
    public void forget(long writerId) {
        Writer writer = writers.remove(writerId);
        if (writer != null) {
            synchronized (writer) {
                if (writer.sweep != null) {
                    writer.sweep.cancel(false);
                }
            }
            deleteProofs(writer);
        }
    }

    private void writerLeft(Writer writer, long windowMillis) {
        synchronized (writer) {
            if (writer.sweep != null) {
                writer.sweep.cancel(false);
            }
            long window = windowMillis > 0 ? windowMillis : defaultWindowMillis;
            writer.sweep = SWEEPS.schedule(writer.sweepTask, window, TimeUnit.MILLISECONDS);
        }
    }

    private void sweep(Writer writer) {
        synchronized (writer) {
            if (writer.connections > 0) {
                return;
            }
            writer.sweep = null;
        }
        if (writers.remove(writer.id, writer)) {
            deleteProofs(writer);
        }
    }

    /** Deletes a writer's proofs in one batch, straight to the engine (a full disk's guard must not keep them). */
    private synchronized void deleteProofs(Writer writer) {
        if (closed) {
            return;
        }
        List<Slot> stored = new ArrayList<>();
        DB engine = db.engine();
        try (WriteBatch batch = engine.createWriteBatch()) {
            for (Slot slot : writer.slots.values()) {
                slot.lock.lock();
                try {
                    if (slot.stored) {
                        batch.delete(slot.key);
                        stored.add(slot);
                    }
                } finally {
                    slot.lock.unlock();
                }
            }
            if (!stored.isEmpty()) {
                engine.write(batch);
            }
            log.debug("forgot writer {} ({} proofs)", Long.toHexString(writer.id), stored.size());
        } catch (Exception e) {
            log.debug("deleting the proofs of writer {} failed: {}", Long.toHexString(writer.id), e.toString());
        }
    }

    /** No more sweeps; the engine is about to close. Waits for one under way. */
    synchronized void close() {
        closed = true;
        for (Writer writer : writers.values()) {
            synchronized (writer) {
                if (writer.sweep != null) {
                    writer.sweep.cancel(false);
                    writer.sweep = null;
                }
            }
        }
    }

    private static void closeQuietly(WriteBatch batch) {
        try {
            batch.close();
        } catch (Exception e) {
            // freeing a batch has no outcome anyone could act on
        }
    }

    private static ScheduledThreadPoolExecutor sweeper() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "levelshare-proof-sweeper");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        // Started now and kept (parked, no CPU): a sweep is scheduled by an event loop when a writer's connection
        // closes, and starting a thread there would stall that loop in the middle of a hand-over.
        executor.prestartCoreThread();
        return executor;
    }

    /** One process's open of this DB that sends writes with ids. */
    private final class Writer {
        final long id;
        final Map<Integer, Slot> slots = new ConcurrentHashMap<>();
        /*
         * Made with the writer: its first use is when the writer's last connection closes, in a graceful hand-over
         * on the event loop that the next leader waits for (made ahead: see the party package).
         */
        final Runnable sweepTask = () -> sweep(this);
        int connections; // guarded by this
        long windowMillis; // guarded by this
        ScheduledFuture<?> sweep; // guarded by this

        Writer(long id) {
            this.id = id;
        }

        Slot slot(int number) {
            Slot slot = slots.get(number);
            return slot != null ? slot : slots.computeIfAbsent(number, n -> new Slot(keyOf(id, n)));
        }
    }

    /** One slot of a writer: the last write applied on it. */
    private static final class Slot {
        final ReentrantLock lock = new ReentrantLock();
        final byte[] key;
        long lastSeq = Long.MIN_VALUE; // guarded by lock
        boolean stored; // guarded by lock: a proof is in the engine

        Slot(byte[] key) {
            this.key = key;
        }
    }

    static byte[] keyOf(long writer, int slot) {
        return HiddenKeys.withSuffix(ByteBuffer.allocate(SUFFIX_BYTES).putLong(writer).putInt(slot).array());
    }
}
