package dev.levelshare.it.plainapps;

import org.iq80.leveldb.DB;
import org.iq80.leveldb.Options;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * {@code <dir>}: gets one key every 0.5 ms (a busy app, not a CPU-bound loop: three of those would starve a 2-core
 * machine and measure its scheduler) and reports each stall: when a get succeeds more than 3 ms after the one before,
 * prints {@code resumed <epoch µs> after <µs> as <leader|follower>} (the role from the handle's toString). A
 * failover benchmark compares the epoch with the moment it killed the leader (same machine, same clock).
 */
public final class StallMeterApp {
    public static void main(String[] args) throws Exception {
        DB db = Engines.factory("jni").open(new File(args[0]), new Options().createIfMissing(true));
        byte[] key = "stall-meter".getBytes(StandardCharsets.UTF_8);
        db.put(key, key);
        Console.say("opened " + db);
        long lastOk = System.nanoTime();
        while (true) {
            java.util.concurrent.locks.LockSupport.parkNanos(500_000);
            try {
                db.get(key);
            } catch (RuntimeException e) {
                Console.say("error " + e);
                continue;
            }
            long now = System.nanoTime();
            if (now - lastOk > 3_000_000) {
                Instant at = Instant.now();
                long epochMicros = at.getEpochSecond() * 1_000_000 + at.getNano() / 1_000;
                Console.say("resumed " + epochMicros + " after " + (now - lastOk) / 1_000 + " as "
                        + (db.toString().endsWith("(leader)") ? "leader" : "follower"));
            }
            lastOk = now;
        }
    }
}
