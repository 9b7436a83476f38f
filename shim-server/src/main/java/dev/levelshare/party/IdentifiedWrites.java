package dev.levelshare.party;

import dev.levelshare.LevelShareException;
import dev.levelshare.client.RemoteDb;
import dev.levelshare.client.RemoteDbInternals;
import dev.levelshare.engine.LocalEngine;
import dev.levelshare.protocol.WriteId;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.Snapshot;
import org.iq80.leveldb.WriteBatch;
import org.iq80.leveldb.WriteOptions;

import java.io.IOException;

/**
 * A follower's write with its {@link WriteId}, on whichever DB serves it this time: the leader over its socket, or,
 * sent again after this process was promoted, its own engine through the ledger the old leader's proofs were read into.
 * Without an id (exactly-once off) it is the plain write.
 */
final class IdentifiedWrites {
    private IdentifiedWrites() {}

    static Snapshot put(DB db, WriteId id, byte[] key, byte[] value, WriteOptions options) {
        if (db instanceof RemoteDb) {
            return RemoteDbInternals.put((RemoteDb) db, key, value, options, id);
        }
        return db instanceof LocalEngine ? ((LocalEngine) db).put(key, value, options, id) : db.put(key, value, options);
    }

    static Snapshot delete(DB db, WriteId id, byte[] key, WriteOptions options) {
        if (db instanceof RemoteDb) {
            return RemoteDbInternals.delete((RemoteDb) db, key, options, id);
        }
        return db instanceof LocalEngine ? ((LocalEngine) db).delete(key, options, id) : db.delete(key, options);
    }

    /** A batch made while following may be written after a promotion: then it is moved into an engine batch. */
    static Snapshot write(DB db, WriteId id, WriteBatch updates, WriteOptions options) {
        if (db instanceof RemoteDb) {
            return RemoteDbInternals.write((RemoteDb) db, updates, options, id);
        }
        if (!RemoteDbInternals.isRemoteBatch(updates)) {
            return writeLocal(db, id, updates, options);
        }
        try (WriteBatch local = db.createWriteBatch()) {
            RemoteDbInternals.replay(updates, local);
            return writeLocal(db, id, local, options);
        } catch (IOException e) {
            throw new LevelShareException("levelshare: closing a write batch failed: " + e, e);
        }
    }

    private static Snapshot writeLocal(DB db, WriteId id, WriteBatch batch, WriteOptions options) {
        return db instanceof LocalEngine ? ((LocalEngine) db).write(batch, options, id) : db.write(batch, options);
    }
}
