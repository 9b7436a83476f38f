package dev.levelshare.agent;

import java.net.URL;
import java.net.URLClassLoader;

/**
 * Loads the sharing core from the unpacked core jar ({@link EmbeddedCore}), apart from the app: its parent is the platform loader (JDK classes only),
 * and only {@code org.iq80.leveldb.*} is taken from the app's API loader, so the core implements the app's own
 * {@code DB} interface while its Netty and slf4j (relocated in the jar) can never meet the app's; the bridge to the
 * agent ({@code dev.levelshare.bridge}) is taken from the agent's loader.
 */
final class CoreClassLoader extends URLClassLoader {
    static {
        ClassLoader.registerAsParallelCapable();
    }

    private static final String LEVELDB_API = "org.iq80.leveldb.";
    /** The typed bridge to the agent ({@code CoreEntry}, {@code FactoryOpen}): one class for both sides. */
    private static final String BRIDGE = "dev.levelshare.bridge.";

    private final ClassLoader apiLoader; // null: the API is on the boot class path

    CoreClassLoader(URL coreJar, ClassLoader apiLoader) {
        super("levelshare-core", new URL[] {coreJar}, ClassLoader.getPlatformClassLoader());
        this.apiLoader = apiLoader;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (name.startsWith(LEVELDB_API) && name.indexOf('.', LEVELDB_API.length()) < 0) {
            return Class.forName(name, false, apiLoader);
        }
        if (name.startsWith(BRIDGE)) {
            return Class.forName(name, false, CoreClassLoader.class.getClassLoader());
        }
        return super.loadClass(name, resolve);
    }
}
