package dev.levelshare.it.bench;

import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBIterator;
import org.iq80.leveldb.WriteBatch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The measured operations, identical for every target: 16-byte keys, 100-byte values. Each method prints
 * {@code RESULT name value} lines for the orchestrator, with the CPU time the measured processes spent per operation
 * ({@code name.cpu_us_per_op}: the app's process, and for a follower the leader's too).
 */
final class Workload {
    static final int KEYS = 100_000;
    static final int VALUE_BYTES = 100;
    /** Full scans per target; the median of the last {@link #REPORTED_SCANS} is reported. */
    static final int SCAN_ROUNDS = 20;
    static final int REPORTED_SCANS = 5;

    private Workload() {}

    static byte[] key(long i) {
        return ByteBuffer.allocate(16).putLong(0x6b65792d6b65792dL).putLong(i).array(); // "key-key-" + i
    }

    static byte[] value(long i) {
        byte[] v = new byte[VALUE_BYTES];
        Arrays.fill(v, (byte) ('a' + i % 26));
        return v;
    }

    /**
     * The {@link #KEYS} keys, then a full compaction: every target is measured on the same settled tables, with no
     * background compaction of the load competing for the two cores.
     */
    static void load(DB db) throws IOException {
        for (int start = 0; start < KEYS; start += 1000) {
            try (WriteBatch batch = db.createWriteBatch()) {
                for (int i = start; i < start + 1000; i++) {
                    batch.put(key(i), value(i));
                }
                db.write(batch);
            }
        }
        db.compactRange(null, null);
    }

    static void result(String name, double value) {
        System.out.printf("RESULT %s %.3f%n", name, value);
    }

    /** Latency of one operation at a time; prints p50 and p99 in microseconds. */
    static void latency(String name, int samples, Runnable op, long... pids) {
        for (int i = 0; i < samples / 2; i++) {
            op.run(); // warm-up: JIT, caches
        }
        long[] nanos = new long[samples];
        CpuTime cpu = CpuTime.start(pids);
        for (int i = 0; i < samples; i++) {
            long t0 = System.nanoTime();
            op.run();
            nanos[i] = System.nanoTime() - t0;
        }
        cpu.report(name, samples);
        Arrays.sort(nanos);
        result(name + ".p50_us", nanos[samples / 2] / 1000.0);
        result(name + ".p99_us", nanos[(int) (samples * 0.99)] / 1000.0);
    }

    /**
     * Operations per second with {@code threads} threads each doing one operation at a time: the same threads warm up
     * for a third of the time, then the operations (and CPU) of the next {@code seconds} are counted.
     */
    static void throughput(String name, int threads, double seconds, Runnable op, long... pids)
            throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        LongAdder done = new LongAdder();
        CountDownLatch finished = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> {
                while (!stop.get()) {
                    op.run();
                    done.increment();
                }
                finished.countDown();
            });
            thread.setDaemon(true);
            thread.start();
        }
        Thread.sleep((long) (seconds * 1000 / 3)); // warm-up: every thread started, JIT, connections opened
        CpuTime cpu = CpuTime.start(pids);
        long ops0 = done.sum();
        long t0 = System.nanoTime();
        Thread.sleep((long) (seconds * 1000)); // the measure: time passing while the threads work
        long ops = done.sum() - ops0;
        long elapsed = System.nanoTime() - t0;
        cpu.report(name, ops);
        stop.set(true);
        finished.await();
        result(name + ".ops_per_s", ops / (elapsed / 1e9));
    }

    static Runnable randomGet(DB db) {
        return () -> {
            if (db.get(key(ThreadLocalRandom.current().nextInt(KEYS))) == null) {
                throw new AssertionError("missing key");
            }
        };
    }

    /** The standard set on one DB; {@code pids}: the processes whose CPU time the operations cost. */
    static void standard(String prefix, DB db, int threads, long... pids) throws Exception {
        latency(prefix + ".get", 100_000, randomGet(db), pids);
        throughput(prefix + ".get_" + threads + "_threads", threads, 3, randomGet(db), pids);
        writes(prefix, db, pids);
        db.compactRange(null, null); // the writes above settle first: no background compaction during the scans
        for (int round = 0; round < SCAN_ROUNDS - REPORTED_SCANS; round++) {
            scan(db); // warm-up: the JIT compiles both sides' scan paths, as in an app that scans often
        }
        double[] rates = new double[REPORTED_SCANS];
        CpuTime cpu = CpuTime.start(pids);
        for (int round = 0; round < REPORTED_SCANS; round++) {
            rates[round] = scan(db);
        }
        cpu.report(prefix + ".scan", (long) REPORTED_SCANS * KEYS);
        Arrays.sort(rates);
        result(prefix + ".scan.entries_per_s", rates[REPORTED_SCANS / 2]);
    }

    /** The put measures of {@link #standard}: one at a time (latency, then rate), and in batches of 100. */
    static void writes(String prefix, DB db, long... pids) {
        long[] next = {KEYS};
        latency(prefix + ".put", 100_000, () -> db.put(key(next[0]++), value(next[0])), pids);
        timed(prefix + ".put_sequential", 100_000, n -> {
            for (int i = 0; i < n; i++) {
                db.put(key(4L * KEYS + i), value(i));
            }
        }, pids);
        timed(prefix + ".put_batch100", 500_000, n -> {
            for (int start = 0; start < n; start += 100) {
                try (WriteBatch batch = db.createWriteBatch()) {
                    for (int i = start; i < start + 100; i++) {
                        batch.put(key(2L * KEYS + i), value(i));
                    }
                    db.write(batch);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        }, pids);
    }

    /** Runs {@code work(n)} and prints n per second. */
    static void timed(String name, int n, Consumer<Integer> work, long... pids) {
        work.accept(n / 10); // warm-up on other keys is fine: LevelDB puts are independent of key
        CpuTime cpu = CpuTime.start(pids);
        long t0 = System.nanoTime();
        work.accept(n);
        result(name + ".ops_per_s", n / ((System.nanoTime() - t0) / 1e9));
        cpu.report(name, n);
    }

    /** One full forward scan of the first {@link #KEYS} keys; returns entries per second. */
    static double scan(DB db) throws IOException {
        long t0 = System.nanoTime();
        long n = 0;
        try (DBIterator it = db.iterator()) {
            it.seekToFirst();
            while (it.hasNext() && n < KEYS) {
                it.next();
                n++;
            }
        }
        if (n != KEYS) {
            throw new AssertionError("scan saw " + n + " entries");
        }
        return n / ((System.nanoTime() - t0) / 1e9);
    }
}
