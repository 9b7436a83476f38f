package dev.levelshare.engine;

import org.iq80.leveldb.DB;

/** Which LevelDB engine implements a DB, judged by class name so that neither engine is needed at compile time. */
public final class Engines {
    private Engines() {}

    public static final String LEVELDBJNI = "leveldbjni";
    /** The package of every leveldbjni class: how levelshare tells leveldbjni from any other engine, by name. */
    public static final String LEVELDBJNI_PACKAGE = "org.fusesource.leveldbjni.";
    public static final String IQ80 = "iq80";

    public static String nameOf(DB db) {
        String className = db.getClass().getName();
        if (isLeveldbjni(className)) {
            return LEVELDBJNI;
        } else if (className.startsWith("org.iq80.leveldb.impl.")) {
            return IQ80;
        }
        return className;
    }

    /** Whether {@code className} is one of leveldbjni's (its factory, DB, iterators). */
    public static boolean isLeveldbjni(String className) {
        return className.startsWith(LEVELDBJNI_PACKAGE);
    }
}
