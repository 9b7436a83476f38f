package dev.levelshare.party;

import dev.levelshare.engine.LocalEngine;
import dev.levelshare.engine.RoomToOpen;
import dev.levelshare.protocol.WriteId;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBIterator;
import org.iq80.leveldb.WriteBatch;
import org.iq80.leveldb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A follower's engine has never run in its process: leveldbjni's native code is cold and its JNI methods unlinked, and
 * a promoted follower would pay for that in the open that recovers the dead leader's log and in its first put. So, once per JVM, in the background as soon as
 * it follows, a follower opens a scratch DB with the app's own engine, writes, reads, scans, reopens it (a recovery),
 * and deletes it. It goes through the layers a promoted leader's engine has ({@link LocalEngine}: the disk guard, the
 * ledger of applied writes read in at the open, writes with ids), whose first run is mostly class loading. The scratch directory lives in the private socket directory ({@code rehearsal-<pid>.db});
 * leftovers of processes killed meanwhile are removed by the next rehearsal.
 */
final class EngineRehearsal {
    private static final Logger log = LoggerFactory.getLogger(EngineRehearsal.class);
    static final String PREFIX = "rehearsal-";
    static final String SUFFIX = ".db";
    private static final long WRITER = 1;
    private static final long WINDOW_MILLIS = 60_000; // the scratch DB is closed long before: no sweep runs

    private EngineRehearsal() {}

    /**
     * Warms {@code opener}'s engine up on {@code dir} (then deleted); false if the opener cannot open elsewhere, or if
     * the disk lacks the room {@link RoomToOpen} asks of an open (with {@code minFreeBytes} as a promotion has it).
     */
    static boolean rehearse(DbOpener opener, File dir, long minFreeBytes) {
        try {
            // Asked before each open, as a promotion asks it: an engine opened on a full disk can die of SIGBUS.
            if (RoomToOpen.shortage(dir, minFreeBytes) != null) {
                return false;
            }
            DB engine = opener.openScratch(dir);
            if (engine == null) {
                return false;
            }
            LocalEngine db = LocalEngine.guarded(engine, dir.getPath(), 0, opener.keyOrder(), WINDOW_MILLIS);
            try {
                exercise(db);
            } finally {
                db.close();
            }
            // A recovery of the log just written, and the proofs read back in, as a promotion does.
            if (RoomToOpen.shortage(dir, minFreeBytes) != null) {
                return false;
            }
            db = LocalEngine.guarded(opener.openScratch(dir), dir.getPath(), 0, opener.keyOrder(), WINDOW_MILLIS);
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

    private static void exercise(LocalEngine db) throws IOException {
        WriteOptions options = new WriteOptions();
        for (int i = 0; i < 100; i++) {
            db.put(key(i), key(i));
            IdentifiedWrites.put(db, new WriteId(WRITER, 0, i + 1), key(i), key(i), options);
        }
        try (WriteBatch batch = db.createWriteBatch()) {
            batch.put(key(100), key(100));
            batch.delete(key(0));
            db.write(batch);
            IdentifiedWrites.write(db, new WriteId(WRITER, 1, 1), batch, options);
        }
        db.get(key(1));
        db.delete(key(2));
        IdentifiedWrites.delete(db, new WriteId(WRITER, 2, 1), key(3), options);
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
