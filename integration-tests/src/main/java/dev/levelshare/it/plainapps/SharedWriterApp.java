package dev.levelshare.it.plainapps;

import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBIterator;
import org.iq80.leveldb.Options;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * {@code <jni|iq80> <dir> <prefix> <count> <expectedTotal>}: opens the DB, writes {@code count} keys
 * {@code prefix-N} (reading each back), then scans until the DB holds {@code expectedTotal} keys (everyone's writes)
 * and prints {@code saw <total>}. Keeps the DB open until stdin says {@code close}.
 */
public final class SharedWriterApp {
    public static void main(String[] args) throws Exception {
        File dir = new File(args[1]);
        String prefix = args[2];
        int count = Integer.parseInt(args[3]);
        int expectedTotal = Integer.parseInt(args[4]);
        DB db = Engines.factory(args[0]).open(dir, new Options().createIfMissing(true));
        Console.say("opened " + dir + " " + db.getClass().getName());
        for (int i = 0; i < count; i++) {
            byte[] key = (prefix + "-" + i).getBytes(StandardCharsets.UTF_8);
            byte[] value = (prefix + " wrote " + i).getBytes(StandardCharsets.UTF_8);
            db.put(key, value);
            if (!Arrays.equals(value, db.get(key))) {
                throw new AssertionError("read back a different value for " + prefix + "-" + i);
            }
        }
        Console.say("wrote " + count);
        long deadline = System.nanoTime() + 60_000_000_000L;
        int total;
        while ((total = countKeys(db)) < expectedTotal && System.nanoTime() < deadline) {
            Thread.sleep(20); // polling another process's progress: nothing to await but the data itself
        }
        Console.say("saw " + total);
        Console.await("close");
        db.close();
        Console.say("closed");
    }

    static int countKeys(DB db) throws Exception {
        int n = 0;
        try (DBIterator it = db.iterator()) {
            for (it.seekToFirst(); it.hasNext(); it.next()) {
                n++;
            }
        }
        return n;
    }
}
