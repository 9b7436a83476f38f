package dev.levelshare.it.plainapps;

import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;

/**
 * {@code <dir> <leveldbjni jar>}: loads leveldbjni through its own class loader whose parent is the platform loader, not
 * the system loader (as fat-jar launchers and app servers do), and uses it only through reflection: writes a key, reads
 * one written by others, prints what it saw.
 */
public final class IsolatedLoaderApp {
    public static void main(String[] args) throws Exception {
        File dir = new File(args[0]);
        URL engineJar = new File(args[1]).toURI().toURL();
        try (URLClassLoader isolated = new URLClassLoader(new URL[] {engineJar}, ClassLoader.getPlatformClassLoader())) {
            Class<?> factoryClass = isolated.loadClass("org.fusesource.leveldbjni.JniDBFactory");
            Class<?> optionsClass = isolated.loadClass("org.iq80.leveldb.Options");
            Object factory = factoryClass.getField("factory").get(null);
            Object options = optionsClass.getConstructor().newInstance();
            optionsClass.getMethod("createIfMissing", boolean.class).invoke(options, true);
            Object db = factoryClass.getMethod("open", File.class, optionsClass).invoke(factory, dir, options);
            Class<?> dbInterface = isolated.loadClass("org.iq80.leveldb.DB");
            Method put = dbInterface.getMethod("put", byte[].class, byte[].class);
            Method get = dbInterface.getMethod("get", byte[].class);
            put.invoke(db, bytes("isolated"), bytes("hello from a child loader"));
            byte[] other = (byte[]) get.invoke(db, bytes("shared-0"));
            Console.say("isolated db " + db.getClass().getName() + " implements the child loader's DB: "
                    + dbInterface.isInstance(db) + "; reads shared-0=" + (other == null ? "null" : new String(other,
                    StandardCharsets.UTF_8)));
            Console.await("close");
            dbInterface.getMethod("close").invoke(db);
            Console.say("closed");
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
