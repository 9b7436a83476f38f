package dev.levelshare.cli;

import org.iq80.leveldb.Range;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/** {@code stats} (the engine's own statistics and the DB's approximate size) and {@code compact}. */
final class EngineTools {
    /** Past every key that does not start with 256 bytes 0xff: the end of "the whole DB" for a size estimate. */
    private static final byte[] PAST_THE_END = filled(256);

    private EngineTools() {}

    static Tools.Work stats(PrintStream out) {
        return live -> {
            String stats = live.db.getProperty("leveldb.stats");
            out.println(stats == null ? "(the engine reports no leveldb.stats)" : stats.trim());
            long size = live.db.getApproximateSizes(new Range(new byte[0], PAST_THE_END))[0];
            out.printf("approximate size: %,d bytes (tables on disk; recent writes still in the log are not counted)%n",
                    size);
            out.flush();
            return Main.OK;
        };
    }

    static Tools.Work compact(byte[] from, byte[] to, PrintStream out, PrintStream err) {
        return live -> {
            long started = System.nanoTime();
            Thread ticker = Progress.ticker(err, "compacting", started);
            try {
                live.db.compactRange(from, to);
            } finally {
                if (ticker != null) {
                    ticker.interrupt();
                }
            }
            out.printf("compacted %s in %.1f s%n", live.canonicalPath,
                    (System.nanoTime() - started) / (double) TimeUnit.SECONDS.toNanos(1));
            out.flush();
            return Main.OK;
        };
    }

    private static byte[] filled(int length) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) 0xff);
        return bytes;
    }
}
