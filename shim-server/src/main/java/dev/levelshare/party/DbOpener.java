package dev.levelshare.party;

import dev.levelshare.engine.LocalEngine;
import org.iq80.leveldb.DB;

import java.io.File;
import java.io.IOException;

/** The real, engine-level open of a DB directory: what the app's {@code DBFactory.open} would have done. */
@FunctionalInterface
public interface DbOpener {
    DB open() throws IOException;

    /** The key order the open gives the engine: the default comparator unless the app's {@code Options} named one. */
    default LocalEngine.KeyOrder keyOrder() {
        return LocalEngine.KeyOrder.BYTEWISE;
    }

    /** Whether the app's own engine is iq80 (its errors, and what it expects of iterators, are iq80's). */
    default boolean appUsesIq80() {
        return false;
    }

    /**
     * The same engine's open of another (scratch) directory, created if missing, without levelshare in between: a
     * follower uses one to warm the engine's code up before it may have to take over ({@link EngineRehearsal}).
     * Null if the opener cannot do that (then nothing is warmed).
     */
    default DB openScratch(File dir) throws IOException {
        return null;
    }
}
