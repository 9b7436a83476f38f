package dev.levelshare.it.apps;

import dev.levelshare.client.RemoteDb;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBIterator;

import java.io.File;
import java.nio.charset.StandardCharsets;

/**
 * A client process of a served DB: {@code <dir> <prefix> <count>} writes count keys {@code prefix-N}, reads each back,
 * then counts every key in the DB with an iterator and prints {@code done <written> <seen in DB>}.
 */
public final class RemoteWriterApp {
    public static void main(String[] args) throws Exception {
        File dir = new File(args[0]);
        String prefix = args[1];
        int count = Integer.parseInt(args[2]);
        try (DB db = RemoteDb.connect(dir)) {
            for (int i = 0; i < count; i++) {
                byte[] key = (prefix + "-" + i).getBytes(StandardCharsets.UTF_8);
                db.put(key, key);
                if (!java.util.Arrays.equals(key, db.get(key))) {
                    throw new AssertionError("read back a different value for " + prefix + "-" + i);
                }
            }
            int seen = 0;
            try (DBIterator it = db.iterator()) {
                for (it.seekToFirst(); it.hasNext(); it.next()) {
                    seen++;
                }
            }
            System.out.println("done " + count + " " + seen);
        }
    }
}
