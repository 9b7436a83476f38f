package dev.levelshare.it.plainapps;

import org.iq80.leveldb.DB;
import org.iq80.leveldb.Options;

import java.io.File;

/**
 * {@code <jni|iq80> <dir>}: opens (creating) the DB, writes one key, closes it and exits: what the agent costs an app
 * that opens its DB at start-up (start-up time measurement).
 */
public final class OpenOnceApp {
    public static void main(String[] args) throws Exception {
        try (DB db = Engines.factory(args[0]).open(new File(args[1]), new Options().createIfMissing(true))) {
            db.put(new byte[] {1}, new byte[] {1});
        }
    }
}
