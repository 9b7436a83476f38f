package dev.levelshare.it.plainapps;

import org.iq80.leveldb.DB;
import org.iq80.leveldb.Options;

import java.io.File;
import java.nio.charset.StandardCharsets;

/**
 * {@code <dir> <name> <keys> <perSecond>}: opens the DB (leveldbjni) and overwrites keys {@code shared-0} ..
 * {@code shared-<keys-1>} round-robin with values {@code <name>:<n>}, each value written once, at a steady pace,
 * printing {@code wrote <n>} every 100 writes. Other writers write the same keys: a reader must never see a value come
 * back after another writer replaced it.
 */
public final class SharedKeyWriterApp {
    public static void main(String[] args) throws Exception {
        File dir = new File(args[0]);
        String name = args[1];
        int keys = Integer.parseInt(args[2]);
        long pauseNanos = 1_000_000_000L / Integer.parseInt(args[3]);
        DB db = Engines.factory("jni").open(dir, new Options().createIfMissing(true));
        Console.say("opened " + dir + " " + db.getClass().getName());
        long next = System.nanoTime();
        for (long n = 0; ; n++) {
            db.put(key(n % keys), (name + ":" + n).getBytes(StandardCharsets.UTF_8));
            if (n % 100 == 99) {
                Console.say("wrote " + (n + 1));
            }
            next += pauseNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait); // the pace, not a synchronisation
            }
        }
    }

    static byte[] key(long i) {
        return ("shared-" + i).getBytes(StandardCharsets.UTF_8);
    }
}
