package dev.levelshare.agent;

import dev.levelshare.bridge.CoreEntry;
import dev.levelshare.bridge.FactoryOpen;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The sharing core loaded for one {@code org.iq80.leveldb} API: the core's classes, shaded Netty and slf4j come from
 * the agent jar through a {@link CoreClassLoader}; {@code org.iq80.leveldb.*} comes from the loader that defines the
 * factory's {@code DB} interface, so the handles it returns are {@code DB}s of the app's own kind. One core per such
 * loader (usually just the app's), created at its first open.
 */
final class IsolatedCore {
    /** Directories some core of this JVM is opening or holds: shared so no two cores ever open one for real. */
    private static final ConcurrentMap<String, Object> JVM_CLAIMS = new ConcurrentHashMap<>();
    private static final ClassValue<IsolatedCore[]> BY_DB_INTERFACE = new ClassValue<IsolatedCore[]>() {
        @Override
        protected IsolatedCore[] computeValue(Class<?> type) {
            return new IsolatedCore[1];
        }
    };

    private final Method dbFactoryOpen;
    private final CoreEntry entry;

    private IsolatedCore(Method dbFactoryOpen, CoreEntry entry) {
        this.dbFactoryOpen = dbFactoryOpen;
        this.entry = entry;
    }

    static IsolatedCore forFactory(Class<?> factoryClass, Map<String, String> agentArguments)
            throws ReflectiveOperationException {
        ClassLoader factoryLoader = factoryClass.getClassLoader();
        Class<?> dbInterface = Class.forName("org.iq80.leveldb.DB", false, factoryLoader);
        IsolatedCore[] slot = BY_DB_INTERFACE.get(dbInterface);
        synchronized (slot) {
            if (slot[0] == null) {
                slot[0] = load(factoryLoader, dbInterface.getClassLoader(), agentArguments);
            }
            return slot[0];
        }
    }

    private static IsolatedCore load(ClassLoader factoryLoader, ClassLoader apiLoader, Map<String, String> arguments)
            throws ReflectiveOperationException {
        CoreClassLoader loader = new CoreClassLoader(coreJar(), apiLoader);
        CoreEntry entry = (CoreEntry) Class.forName(CoreEntry.IMPLEMENTATION, true, loader).getConstructor()
                .newInstance();
        entry.configure(arguments, JVM_CLAIMS);
        Class<?> dbFactory = Class.forName("org.iq80.leveldb.DBFactory", false, factoryLoader);
        Class<?> options = Class.forName("org.iq80.leveldb.Options", false, factoryLoader);
        AgentLog.debug("core loaded for the org.iq80.leveldb API of " + apiLoader);
        return new IsolatedCore(dbFactory.getMethod("open", File.class, options), entry);
    }

    private static URL coreJar() throws ClassNotFoundException {
        try {
            return EmbeddedCore.jar();
        } catch (java.io.IOException e) {
            throw new ClassNotFoundException("cannot unpack the levelshare core: " + e.getMessage(), e);
        }
    }

    Method dbFactoryOpen() {
        return dbFactoryOpen;
    }

    /** The core's open: a handle to the shared DB, or the exception the engine's open threw. */
    Object open(FactoryOpen open) throws IOException {
        return entry.open(open);
    }
}
