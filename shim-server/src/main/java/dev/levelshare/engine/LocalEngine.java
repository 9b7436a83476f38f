package dev.levelshare.engine;

import dev.levelshare.protocol.WriteId;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBComparator;
import org.iq80.leveldb.DBException;
import org.iq80.leveldb.DBIterator;
import org.iq80.leveldb.Range;
import org.iq80.leveldb.ReadOptions;
import org.iq80.leveldb.Snapshot;
import org.iq80.leveldb.WriteBatch;
import org.iq80.leveldb.WriteOptions;

import java.io.IOException;
import java.util.Arrays;

/**
 * The DB this process opened (it holds the LevelDB lock), as levelshare hands it on: to the leader's own app and to
 * the server that serves other processes. Every call goes to the engine, except that
 * <ul>
 *   <li>writes are refused while the disk runs low ({@link DiskSpaceGuard}), whoever makes them;</li>
 *   <li>compaction suspensions of everyone (the app, each client, the guard) fold into one engine suspension
 *       ({@link CompactionSuspensions}): leveldbjni cannot nest them.</li>
 * </ul>
 * Gets never see the keys levelshare keeps for itself ({@link HiddenKeys}); iterators come from the engine as they
 * are, for the caller to hide them (the server's and the handles' iterators do). Snapshots are the engine's own.
 * {@link #close()} undoes the guard's suspension, then closes the engine.
 */
public final class LocalEngine implements DB {
    private final DB engine;
    private final CompactionSuspensions suspensions;
    private final DiskSpaceGuard guard;
    private final AppliedWrites applied;
    private final KeyOrder order;
    private final java.util.function.BooleanSupplier mayHoldHiddenKeysCheck = this::mayHoldHiddenKeys;

    private LocalEngine(DB engine, String canonicalPath, DiskSpaceGuard.FreeSpace freeSpace, long minFreeBytes,
                        KeyOrder order, long resendWindowMillis) {
        if (engine instanceof LocalEngine) {
            throw new IllegalArgumentException("already a LocalEngine");
        }
        this.engine = engine;
        this.suspensions = new CompactionSuspensions(engine);
        this.guard = DiskSpaceGuard.of(canonicalPath, freeSpace, minFreeBytes, suspensions);
        this.applied = order.isBytewise() ? AppliedWrites.load(this, resendWindowMillis) : null;
        this.order = order;
    }

    /**
     * The engine's key order, as the app's {@code Options} chose it, with the comparator's name: LevelDB keeps that
     * name in the DB and refuses an open with another, and so do levelshare's followers.
     */
    public static final class KeyOrder {
        /** The name LevelDB gives its default, bytewise comparator. */
        public static final String BYTEWISE_NAME = "leveldb.BytewiseComparator";
        /** The default comparator: levelshare keeps its proofs of applied writes in the DB ({@link HiddenKeys}). */
        public static final KeyOrder BYTEWISE = new KeyOrder(BYTEWISE_NAME);
        /** An order nothing says anything of (a stand-in DB, a test's): no proofs, no name to check. */
        public static final KeyOrder UNKNOWN = new KeyOrder(null);

        private final String comparatorName;

        private KeyOrder(String comparatorName) {
            this.comparatorName = comparatorName;
        }

        /** The order of {@code comparator} ({@code Options.comparator()}; null: the default). */
        public static KeyOrder of(DBComparator comparator) {
            return comparator == null ? BYTEWISE : new KeyOrder(comparator.name());
        }

        /** The comparator's name, null if unknown. */
        public String comparatorName() {
            return comparatorName;
        }

        /**
         * The default order, the only one levelshare keeps proofs of applied writes in: with an app's own comparator,
         * writes sent again after a failover may be applied twice.
         */
        public boolean isBytewise() {
            return this == BYTEWISE;
        }

        @Override
        public String toString() {
            return comparatorName == null ? "an unknown order" : comparatorName;
        }
    }

    /** Sorts after every key an app writes in practice and after every hidden key ({@link HiddenKeys}). */
    private static final byte[] AFTER_EVERY_KEY = afterEveryKey();

    /** How long a writer that went away keeps its proofs when it did not say, or before it connects again. */
    public static final long DEFAULT_RESEND_WINDOW_MILLIS = 60_000;

    /**
     * {@code engine}, opened from {@code canonicalPath}, with writes refused while less than {@code minFreeBytes} are
     * free, and (bytewise order) the ledger of applied writes read in.
     */
    public static LocalEngine guarded(DB engine, String canonicalPath, long minFreeBytes, KeyOrder order,
                                      long resendWindowMillis) {
        return new LocalEngine(engine, canonicalPath, DiskSpaceGuard.FreeSpace.of(canonicalPath), minFreeBytes, order,
                resendWindowMillis);
    }

    /** {@link #guarded} with the free space read from {@code freeSpace} (tests of a full disk without one). */
    static LocalEngine guarded(DB engine, String canonicalPath, DiskSpaceGuard.FreeSpace freeSpace, long minFreeBytes,
                               KeyOrder order) {
        return new LocalEngine(engine, canonicalPath, freeSpace, minFreeBytes, order, DEFAULT_RESEND_WINDOW_MILLIS);
    }

    /**
     * {@code db} itself if it is a {@code LocalEngine}, else the DB without a disk guard and without proofs of applied
     * writes (a stand-in, a test's DB: nothing says its key order is bytewise).
     */
    public static LocalEngine of(DB db) {
        return db instanceof LocalEngine ? (LocalEngine) db
                : new LocalEngine(db, ".", DiskSpaceGuard.FreeSpace.of("."), 0, KeyOrder.UNKNOWN,
                        DEFAULT_RESEND_WINDOW_MILLIS);
    }

    /** The key order the engine was opened with. */
    public KeyOrder keyOrder() {
        return order;
    }

    /** Which writes with ids were applied; null if the key order does not allow proofs (a custom comparator). */
    public AppliedWrites applied() {
        return applied;
    }

    /** A put applied at most once per {@code id} (with its proof), or plainly if there is no id or no ledger. */
    public Snapshot put(byte[] key, byte[] value, WriteOptions options, WriteId id) {
        return applied != null && id != null ? applied.apply(id, batch -> batch.put(key, value), options)
                : put(key, value, options);
    }

    /** A delete applied at most once per {@code id} (with its proof), or plainly if there is no id or no ledger. */
    public Snapshot delete(byte[] key, WriteOptions options, WriteId id) {
        return applied != null && id != null ? applied.apply(id, batch -> batch.delete(key), options)
                : delete(key, options);
    }

    /**
     * {@code updates} (one of this engine's batches, still the caller's to close) applied at most once per {@code id}
     * (with its proof), or plainly if there is no id or no ledger.
     */
    public Snapshot write(WriteBatch updates, WriteOptions options, WriteId id) {
        return applied != null && id != null ? applied.apply(id, updates, options) : write(updates, options);
    }

    /** True if an iterator created before this call may meet a hidden key ({@link HiddenKeys}). */
    public boolean mayHoldHiddenKeys() {
        return applied != null && applied.mayHoldProofs();
    }

    /** The engine's own DB. */
    public DB engine() {
        return engine;
    }

    /** Where every suspension of this engine's compactions goes. */
    public CompactionSuspensions suspensions() {
        return suspensions;
    }

    /** True while writes are refused for lack of disk space. */
    public boolean refusesWrites() {
        return guard.isRefusing();
    }

    @Override
    public byte[] get(byte[] key) throws DBException {
        return applied != null && HiddenKeys.isHidden(key) ? null : engine.get(key);
    }

    @Override
    public byte[] get(byte[] key, ReadOptions options) throws DBException {
        return applied != null && HiddenKeys.isHidden(key) ? null : engine.get(key, options);
    }

    @Override
    public DBIterator iterator() {
        return iterator(new ReadOptions());
    }

    @Override
    public DBIterator iterator(ReadOptions options) {
        return HidingIterator.over(engine.iterator(options), mayHoldHiddenKeysCheck);
    }

    @Override
    public void put(byte[] key, byte[] value) throws DBException {
        guard.beforeWrite(sizeOf(key) + sizeOf(value));
        engine.put(key, value);
    }

    @Override
    public void delete(byte[] key) throws DBException {
        guard.beforeWrite(sizeOf(key));
        engine.delete(key);
    }

    @Override
    public void write(WriteBatch updates) throws DBException {
        guard.beforeWrite(CountingWriteBatch.bytesOf(updates));
        engine.write(CountingWriteBatch.engineBatchOf(updates));
    }

    @Override
    public WriteBatch createWriteBatch() {
        return new CountingWriteBatch(engine.createWriteBatch());
    }

    @Override
    public Snapshot put(byte[] key, byte[] value, WriteOptions options) throws DBException {
        guard.beforeWrite(sizeOf(key) + sizeOf(value));
        return engine.put(key, value, options);
    }

    @Override
    public Snapshot delete(byte[] key, WriteOptions options) throws DBException {
        guard.beforeWrite(sizeOf(key));
        return engine.delete(key, options);
    }

    @Override
    public Snapshot write(WriteBatch updates, WriteOptions options) throws DBException {
        guard.beforeWrite(CountingWriteBatch.bytesOf(updates));
        return engine.write(CountingWriteBatch.engineBatchOf(updates), options);
    }

    @Override
    public Snapshot getSnapshot() {
        return engine.getSnapshot();
    }

    @Override
    public long[] getApproximateSizes(Range... ranges) {
        return engine.getApproximateSizes(ranges);
    }

    @Override
    public String getProperty(String name) {
        return engine.getProperty(name);
    }

    /** Suspends through the shared count; undo with {@link #resumeCompactions()}. */
    @Override
    public void suspendCompactions() throws InterruptedException {
        suspensions.suspend();
    }

    @Override
    public void resumeCompactions() {
        suspensions.resume();
    }

    @Override
    public void compactRange(byte[] begin, byte[] end) throws DBException {
        guard.beforeCompaction();
        engine.compactRange(begin, end);
    }

    /**
     * Writes the engine's memtable into a table now, so that the next process to open the DB replays (almost) no log:
     * a leader about to hand the DB over does this while it still serves, which takes LevelDB's log replay out of the
     * followers' outage. Skipped (false) where it could block or cannot help: compactions suspended (the flush waits
     * for the compactor), writes refused for lack of disk, an app's own key order (no range is sure to touch no table),
     * an engine without the call (iq80), an engine error (the caller closes as it would have).
     */
    public boolean flushMemtable() {
        if (!order.isBytewise() || guard.isRefusing()) {
            return false;
        }
        // LevelDB has no flush call: compactRange flushes the memtable first, then compacts the range; here one that
        // sorts after every key, the hidden ones too, so it touches no table. It also waits for a compaction under
        // way. Holding the suspensions' lock keeps anyone from parking the compactor while the flush waits for it.
        synchronized (suspensions) {
            if (suspensions.held() > 0) {
                return false;
            }
            try {
                engine.compactRange(AFTER_EVERY_KEY, AFTER_EVERY_KEY);
                return true;
            } catch (UnsupportedOperationException | DBException e) {
                return false;
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (applied != null) {
            applied.close();
        }
        guard.close();
        engine.close();
    }

    @Override
    public String toString() {
        return engine.toString();
    }

    private static byte[] afterEveryKey() {
        byte[] key = new byte[64];
        Arrays.fill(key, (byte) 0xFF);
        return key;
    }

    private static long sizeOf(byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }
}
