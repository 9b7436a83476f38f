package dev.levelshare.it.plainapps;

import org.iq80.leveldb.DBFactory;

/** Picks a LevelDB engine by name, the way an app's configuration would. */
final class Engines {
    private Engines() {}

    static DBFactory factory(String name) {
        switch (name) {
            case "jni": return org.fusesource.leveldbjni.JniDBFactory.factory;
            case "iq80": return org.iq80.leveldb.impl.Iq80DBFactory.factory;
            default: throw new IllegalArgumentException("engine must be jni or iq80, got " + name);
        }
    }
}
