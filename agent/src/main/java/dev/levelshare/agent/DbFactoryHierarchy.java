package dev.levelshare.agent;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Is a class a {@code org.iq80.leveldb.DBFactory}? Its super types may not be loaded yet (a class is transformed before
 * its super class is resolved), so they are read as class files through the same loader, once each, and remembered.
 */
final class DbFactoryHierarchy {
    static final String DB_FACTORY = "org/iq80/leveldb/DBFactory";
    private static final int MAX_DEPTH = 64;

    /** Per loader: does it see the API at all (most loaders do not), and which type names are DBFactory types. */
    private final Map<ClassLoader, Map<String, Boolean>> known = new WeakHashMap<>();

    /** Can {@code loader} define a DBFactory implementation at all? */
    boolean seesApi(ClassLoader loader) {
        return loader != null && typesOf(loader) != null;
    }

    /** A concrete class with DBFactory among its super types. */
    boolean isConcreteFactory(ClassLoader loader, ClassHeader header) {
        if (header.isInterface) {
            return false;
        }
        if (isFactoryType(loader, header.superName, 0)) {
            return true;
        }
        for (String type : header.interfaces) {
            if (isFactoryType(loader, type, 0)) {
                return true;
            }
        }
        return false;
    }

    private boolean isFactoryType(ClassLoader loader, String name, int depth) {
        if (name == null || name.startsWith("java/") || depth > MAX_DEPTH) {
            return false;
        }
        if (name.equals(DB_FACTORY)) {
            return true;
        }
        Map<String, Boolean> types = typesOf(loader);
        Boolean cached = types.get(name);
        if (cached != null) {
            return cached;
        }
        boolean result = false;
        ClassHeader header = read(loader, name);
        if (header != null) {
            result = isFactoryType(loader, header.superName, depth + 1);
            for (int i = 0; !result && i < header.interfaces.length; i++) {
                result = isFactoryType(loader, header.interfaces[i], depth + 1);
            }
        }
        types.put(name, result);
        return result;
    }

    /** The loader's cache, or null if it cannot see DBFactory. */
    private Map<String, Boolean> typesOf(ClassLoader loader) {
        synchronized (known) {
            Map<String, Boolean> types = known.get(loader);
            if (types == null && !known.containsKey(loader)) {
                types = loader.getResource(DB_FACTORY + ".class") != null ? new ConcurrentHashMap<>() : null;
                known.put(loader, types);
            }
            return types;
        }
    }

    private static ClassHeader read(ClassLoader loader, String name) {
        try (InputStream in = loader.getResourceAsStream(name + ".class")) {
            return in == null ? null : ClassHeader.parse(in.readAllBytes());
        } catch (IOException e) {
            return null;
        }
    }
}
