package dev.levelshare.cli;

import org.iq80.leveldb.DBComparator;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The comparator a sidecar orders its DB with ({@code --comparator CLASS}, from {@code --comparator-jar JAR} or the
 * class path): the same class the apps open the DB with, so that they can follow the sidecar (levelshare refuses a
 * follower whose comparator has another name, as LevelDB refuses such an open).
 */
final class ComparatorJar {
    private ComparatorJar() {}

    /** A new instance of {@code className}, a {@link DBComparator} with a public no-argument constructor. */
    static DBComparator load(Path jar, String className) throws IOException {
        ClassLoader parent = DBComparator.class.getClassLoader();
        ClassLoader loader = parent;
        if (jar != null) {
            if (!Files.isRegularFile(jar)) {
                throw new IOException("levelshare: comparator jar " + jar + " does not exist");
            }
            try {
                // The comparator sees the LevelDB API (DBComparator) through the parent loader.
                loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, parent);
            } catch (MalformedURLException e) {
                throw new IOException("levelshare: comparator jar " + jar + ": " + e.getMessage(), e);
            }
        }
        String where = jar != null ? jar.toString() : "the class path";
        Class<?> type;
        try {
            type = Class.forName(className, true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IOException("levelshare: comparator class " + className + " not found in " + where + ": " + e,
                    e);
        }
        if (!DBComparator.class.isAssignableFrom(type)) {
            throw new IOException("levelshare: " + className + " (from " + where + ") is not an "
                    + DBComparator.class.getName());
        }
        try {
            return (DBComparator) type.getConstructor().newInstance();
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IOException("levelshare: cannot make a " + className + " (from " + where + "): it needs a public"
                    + " constructor without arguments (" + e + ")", e);
        }
    }
}
