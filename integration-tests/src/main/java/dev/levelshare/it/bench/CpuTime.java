package dev.levelshare.it.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * CPU time of whole processes over a measure (user + system, all threads; the kernel counts it in 10 ms ticks, so
 * measures run long enough for that to be noise): what an operation costs the app's process and the leader's.
 */
final class CpuTime {
    private final long[] pids;
    private final long[] startNanos;

    private CpuTime(long[] pids) {
        this.pids = pids;
        this.startNanos = new long[pids.length];
        for (int i = 0; i < pids.length; i++) {
            startNanos[i] = cpuNanos(pids[i]);
        }
    }

    /** Starts measuring the given processes (pids below 1 are skipped). */
    static CpuTime start(long... pids) {
        List<Long> valid = new ArrayList<>();
        for (long pid : pids) {
            if (pid > 0) {
                valid.add(pid);
            }
        }
        return new CpuTime(valid.stream().mapToLong(Long::longValue).toArray());
    }

    /** Prints {@code name.cpu_us_per_op} (all processes together) and, per process, {@code name.cpu_us_per_op.N}. */
    void report(String name, long ops) {
        double total = 0;
        for (int i = 0; i < pids.length; i++) {
            double perOp = (cpuNanos(pids[i]) - startNanos[i]) / 1000.0 / ops;
            total += perOp;
            Workload.result(name + ".cpu_us_per_op." + i, perOp);
        }
        Workload.result(name + ".cpu_us_per_op", total);
    }

    static long cpuNanos(long pid) {
        return ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration()).map(Duration::toNanos).orElse(0L);
    }
}
