package dev.levelshare.it.bench;

import org.fusesource.leveldbjni.JniDBFactory;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.Options;

import java.io.File;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;

/**
 * Child JVM, with the agent, following the DB's leader: an app writing 100-byte values, one put every {@code paceMicros}
 * (a busy app; three tight loops would saturate a 2-core machine and measure its scheduler). Prints {@code opened},
 * {@code acked N} once (N: {@code -Dlevelshare.bench.acks}, default 2000), and for each put that took longer than
 * 2 ms {@code stall <start epoch µs> <end epoch µs> <leader|follower>} (the role after it, from the handle's
 * toString). The failover benchmark compares these with the moments it stopped the leader and the lock changed hands
 * (same machine, same clock). Args: dir prefix paceMicros.
 */
public final class AckWriterApp {
    /** Acknowledged puts each follower has before the benchmark stops the leader. */
    static final int ACKS_BEFORE_FAILOVER = Integer.getInteger("levelshare.bench.acks", 2000);

    public static void main(String[] args) throws Exception {
        DB db = JniDBFactory.factory.open(new File(args[0]), new Options().createIfMissing(true));
        byte prefix = (byte) args[1].charAt(0);
        long paceNanos = Long.parseLong(args[2]) * 1000;
        System.out.println("opened " + db);
        System.out.flush();
        byte[] value = Workload.value(0);
        long next = System.nanoTime();
        for (long i = 0; ; i++) {
            next += paceNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            byte[] key = ByteBuffer.allocate(17).put(prefix).putLong(0x6163686b2d6b6579L).putLong(i).array();
            long startMicros = epochMicros();
            long start = System.nanoTime();
            db.put(key, value);
            long took = System.nanoTime() - start;
            if (took > 2_000_000) {
                System.out.println("stall " + startMicros + " " + epochMicros() + " "
                        + (db.toString().endsWith("(leader)") ? "leader" : "follower"));
                System.out.flush();
                next = System.nanoTime();
            }
            if (i == ACKS_BEFORE_FAILOVER) {
                System.out.println("acked " + ACKS_BEFORE_FAILOVER);
                System.out.flush();
            }
        }
    }

    static long epochMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    }
}
