package dev.levelshare.party;

import org.iq80.leveldb.DB;

import java.io.IOException;

/** The real, engine-level open of a DB directory: what the app's {@code DBFactory.open} would have done. */
@FunctionalInterface
public interface DbOpener {
    DB open() throws IOException;
}
