package dev.levelshare.it.apps;

import org.fusesource.leveldbjni.JniDBFactory;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.Options;

import java.io.File;

/** An app without levelshare: opens {@code <dir>} with leveldbjni, says so, and holds it until killed. */
public final class PlainLockHolderApp {
    public static void main(String[] args) throws Exception {
        try (DB db = JniDBFactory.factory.open(new File(args[0]), new Options().createIfMissing(true))) {
            System.out.println("opened " + args[0]);
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
