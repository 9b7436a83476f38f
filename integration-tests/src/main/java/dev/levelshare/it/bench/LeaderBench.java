package dev.levelshare.it.bench;

import org.fusesource.leveldbjni.JniDBFactory;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.Options;

import java.io.File;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Child JVM: the leader's own calls. Run with and without the agent; with it, {@code open} returns levelshare's
 * leader handle, which must cost next to nothing over the engine's DB. Args: dir label. Best of three rounds.
 */
public final class LeaderBench {
    public static void main(String[] args) throws Exception {
        String label = args[1];
        try (DB db = JniDBFactory.factory.open(new File(args[0]), new Options().createIfMissing(true))) {
            System.err.println("[bench]   " + label + " app holds " + db.getClass().getName());
            Workload.load(db);
            double gets = 0;
            double puts = 0;
            for (int round = 0; round < 4; round++) {
                gets = Math.max(gets, rate(1_000_000, () -> db.get(Workload.key(ThreadLocalRandom.current()
                        .nextInt(Workload.KEYS)))));
                int base = round * 200_000;
                int[] i = {0};
                puts = Math.max(puts, rate(200_000, () -> db.put(Workload.key(Workload.KEYS + base + i[0]++),
                        Workload.value(i[0]))));
            }
            Workload.result(label + ".leader_get.ops_per_s", gets);
            Workload.result(label + ".leader_put.ops_per_s", puts);
        }
    }

    private static double rate(int n, Runnable op) {
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            op.run();
        }
        return n / ((System.nanoTime() - t0) / 1e9);
    }
}
