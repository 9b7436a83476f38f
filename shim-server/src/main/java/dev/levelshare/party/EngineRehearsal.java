package dev.levelshare.party;

import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBIterator;
import org.iq80.leveldb.WriteBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A follower's engine has never run in its process: leveldbjni's native code is cold and its JNI methods unlinked, and
 * a promoted follower paid for that in the open that recovers the dead leader's log (measured: 6.8 ms against 2.9 ms
 * warm, for a 1 MB log) and in its first put (1.35 ms against 0.08 ms). So, once per JVM, in the background as soon as
 * it follows, a follower opens a scratch DB with the app's own engine, writes, reads, scans, reopens it (a recovery),
 * and deletes it. The scratch directory lives in the private socket directory ({@code rehearsal-<pid>.db});
 * leftovers of processes killed meanwhile are removed by the next rehearsal.
 */
final class EngineRehearsal {
    private static final Logger log = LoggerFactory.getLogger(EngineRehearsal.class);
    static final String PREFIX = "rehearsal-";
    static final String SUFFIX = ".db";

    private EngineRehearsal() {}

    /** Warms {@code opener}'s engine up on {@code dir} (then deleted); false if the opener cannot open elsewhere. */
    static boolean rehearse(DbOpener opener, File dir) {
        try {
            DB db = opener.openScratch(dir);
            if (db == null) {
                return false;
            }
            try {
                exercise(db);
            } finally {
                db.close();
            }
            db = opener.openScratch(dir); // a recovery of the log just written, as a promotion does
            try {
                db.get(key(0));
            } finally {
                db.close();
            }
            return true;
        } catch (IOException | RuntimeException e) {
            log.debug("engine rehearsal failed: {}", e.toString());
            return false;
        } finally {
            delete(dir);
        }
    }

    private static void exercise(DB db) throws IOException {
        for (int i = 0; i < 100; i++) {
            db.put(key(i), key(i));
        }
        try (WriteBatch batch = db.createWriteBatch()) {
            batch.put(key(100), key(100));
            batch.delete(key(0));
            db.write(batch);
        }
        db.get(key(1));
        db.delete(key(2));
        try (DBIterator it = db.iterator()) {
            for (it.seekToFirst(); it.hasNext(); ) {
                it.next();
            }
        }
    }

    private static byte[] key(int i) {
        return ("rehearsal-" + i).getBytes(StandardCharsets.UTF_8);
    }

    static void delete(File dir) {
        File[] files = dir.listFiles();
        if (files != null) {
            for (File file : files) {
                if (!file.delete()) {
                    log.debug("cannot remove {}", file);
                }
            }
        }
        if (dir.exists() && !dir.delete()) {
            log.debug("cannot remove {}", dir);
        }
    }
}
