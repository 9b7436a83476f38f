package dev.levelshare.it.bench;

import org.fusesource.leveldbjni.JniDBFactory;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.Options;

import java.io.File;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * Child JVM, with the agent, following an {@link IdleApp} leader: one get every {@code 1/rate} seconds, for what
 * polling costs when calls are spaced (the leader's CPU, in percent of a core) next to the latency it buys. The pacing
 * sleeps until 100 µs before each call, then waits actively for the exact start, so this process's CPU includes that
 * wait; the leader's does not. Args: dir leaderPid rate...
 */
public final class PacedBench {
    private static final double SECONDS = 3;

    public static void main(String[] args) throws Exception {
        long leaderPid = Long.parseLong(args[1]);
        try (DB db = JniDBFactory.factory.open(new File(args[0]), new Options())) {
            for (int a = 2; a < args.length; a++) {
                int rate = Integer.parseInt(args[a]);
                run(db, rate, leaderPid, (int) (rate * SECONDS / 3)); // warm-up at the same pace
                run(db, rate, leaderPid, (int) (rate * SECONDS));
            }
        }
    }

    private static void run(DB db, int rate, long leaderPid, int calls) {
        long interval = 1_000_000_000L / rate;
        long[] nanos = new long[calls];
        long cpu0 = CpuTime.cpuNanos(leaderPid);
        long t0 = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            long due = t0 + i * interval;
            long now;
            while ((now = System.nanoTime()) < due) {
                if (due - now > 200_000) {
                    LockSupport.parkNanos(due - now - 100_000);
                }
            }
            long start = System.nanoTime();
            db.get(Workload.key(ThreadLocalRandom.current().nextInt(Workload.KEYS)));
            nanos[i] = System.nanoTime() - start;
        }
        double elapsed = System.nanoTime() - t0;
        double leaderPercent = 100.0 * (CpuTime.cpuNanos(leaderPid) - cpu0) / elapsed;
        Arrays.sort(nanos);
        Workload.result("paced." + rate + ".get.p50_us", nanos[calls / 2] / 1000.0);
        Workload.result("paced." + rate + ".leader_cpu_percent", leaderPercent);
    }
}
