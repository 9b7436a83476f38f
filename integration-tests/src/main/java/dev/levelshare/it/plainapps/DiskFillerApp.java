package dev.levelshare.it.plainapps;

import org.iq80.leveldb.DB;
import org.iq80.leveldb.Options;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

/**
 * {@code <jni|iq80> <dir> <prefix>}: writes incompressible 8 KB values under {@code prefix-N}, one at a time, forever,
 * printing {@code acked N} after each put returned. A refused put is printed once per streak ({@code refused <class>:
 * <message>}); while refused, the app checks that it can still read (its last acknowledged value, and a scan) and prints
 * {@code reads ok while refused, N entries}, then tries the same key again every 50 ms; the first put that succeeds
 * after a refusal prints {@code resumed at N}.
 */
public final class DiskFillerApp {
    public static void main(String[] args) throws Exception {
        String prefix = args[2];
        DB db = Engines.factory(args[0]).open(new File(args[1]), new Options().createIfMissing(true));
        Console.say("opened " + db.getClass().getName());
        boolean refused = false;
        int retries = 0;
        for (long i = 0; ; ) {
            try {
                db.put(key(prefix, i), value(prefix, i));
                if (refused) {
                    Console.say("resumed at " + i);
                    refused = false;
                }
                Console.say("acked " + i);
                i++;
            } catch (RuntimeException e) {
                if (!refused) {
                    Console.say("refused " + e.getClass().getName() + ": " + e.getMessage());
                    refused = true;
                    retries = 0;
                }
                if (retries++ % 20 == 0) { // now, and about once a second while refused
                    if (i > 0 && !Arrays.equals(value(prefix, i - 1), db.get(key(prefix, i - 1)))) {
                        Console.say("read back a different value for " + (i - 1));
                    }
                    Console.say("reads ok while refused, " + SharedWriterApp.countKeys(db) + " entries");
                }
                Thread.sleep(50); // a writer's back-off while the disk is full
            }
        }
    }

    public static byte[] key(String prefix, long i) {
        return String.format("%s-%08d", prefix, i).getBytes(StandardCharsets.UTF_8);
    }

    /** 8 KB the engines cannot compress, the same for the same key every time. */
    public static byte[] value(String prefix, long i) {
        byte[] value = new byte[8192];
        new Random(prefix.hashCode() * 1_000_003L + i).nextBytes(value);
        return value;
    }
}
