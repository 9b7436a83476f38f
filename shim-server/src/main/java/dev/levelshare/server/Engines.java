package dev.levelshare.server;

import org.iq80.leveldb.DB;

/** Which LevelDB engine implements a DB, judged by class name so that neither engine is needed at compile time. */
public final class Engines {
    private Engines() {}

    public static final String LEVELDBJNI = "leveldbjni";
    public static final String IQ80 = "iq80";

    public static String nameOf(DB db) {
        String className = db.getClass().getName();
        if (className.startsWith("org.fusesource.leveldbjni.")) {
            return LEVELDBJNI;
        } else if (className.startsWith("org.iq80.leveldb.impl.")) {
            return IQ80;
        }
        return className;
    }
}
