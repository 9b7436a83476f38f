package dev.levelshare.it.bench;

import org.fusesource.leveldbjni.JniDBFactory;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.Options;
import org.iq80.leveldb.WriteBatch;

import java.io.File;
import java.io.IOException;

/**
 * Child JVM, started with the agent (exactly-once on, or off with {@code -Dlevelshare.exactlyOnce=false}) while an
 * {@link IdleApp} leader holds the DB: a follower's sequential puts (latency and rate) and puts in batches of 100, the
 * writes exactly-once costs (each is applied with a proof, in one engine batch). Args: dir leaderPid name.
 */
public final class WriteIdCostBench {
    public static void main(String[] args) throws Exception {
        long leaderPid = Long.parseLong(args[1]);
        String name = args[2];
        long[] pids = {ProcessHandle.current().pid(), leaderPid};
        try (DB db = JniDBFactory.factory.open(new File(args[0]), new Options())) {
            if (!db.toString().contains("follower")) {
                throw new IllegalStateException("expected to follow, got " + db);
            }
            long[] next = {8L * Workload.KEYS};
            Workload.latency(name + ".put", 60_000, () -> db.put(Workload.key(next[0]++), Workload.value(next[0])),
                    pids);
            Workload.timed(name + ".put_sequential", 100_000, n -> {
                for (int i = 0; i < n; i++) {
                    db.put(Workload.key(6L * Workload.KEYS + i), Workload.value(i));
                }
            }, pids);
            Workload.timed(name + ".put_batch100", 300_000, n -> {
                for (int start = 0; start < n; start += 100) {
                    try (WriteBatch batch = db.createWriteBatch()) {
                        for (int i = start; i < start + 100; i++) {
                            batch.put(Workload.key(7L * Workload.KEYS + i), Workload.value(i));
                        }
                        db.write(batch);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }, pids);
        }
    }
}
