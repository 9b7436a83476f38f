package dev.levelshare.it.plainapps;

import org.iq80.leveldb.DB;
import org.iq80.leveldb.Options;

import java.io.File;
import java.nio.charset.StandardCharsets;

/**
 * {@code <jni|iq80> <dir> <prefix> [writesPerSecond]}: writes keys {@code prefix-00000000}, {@code prefix-00000001}, ... one at a time,
 * forever, and prints {@code acked N} only after {@code put} of key N returned: the record a failover test checks the
 * DB against. A failed put is printed ({@code error <class>: <message>}) and tried again. With a rate, writes are paced
 * (a steady workload, so concurrent full scans stay short).
 */
public final class KeyWriterApp {
    public static void main(String[] args) throws Exception {
        String prefix = args[2];
        DB db = Engines.factory(args[0]).open(new File(args[1]), new Options().createIfMissing(true));
        Console.say("opened " + db.getClass().getName());
        long nanosPerWrite = args.length > 3 ? 1_000_000_000L / Long.parseLong(args[3]) : 0;
        long start = System.nanoTime();
        for (long i = 0; ; ) {
            if (nanosPerWrite > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(start + i * nanosPerWrite - System.nanoTime());
            }
            byte[] key = key(prefix, i);
            try {
                db.put(key, value(prefix, i));
                Console.say("acked " + i);
                i++;
            } catch (RuntimeException e) {
                Console.say("error " + e.getClass().getName() + ": " + e.getMessage());
            }
        }
    }

    public static byte[] key(String prefix, long i) {
        return String.format("%s-%08d", prefix, i).getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] value(String prefix, long i) {
        return (prefix + " wrote " + i).getBytes(StandardCharsets.UTF_8);
    }
}
