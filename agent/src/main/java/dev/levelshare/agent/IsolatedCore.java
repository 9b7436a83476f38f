package dev.levelshare.agent;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
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
    private final Method entryOpen;

    private IsolatedCore(Method dbFactoryOpen, Method entryOpen) {
        this.dbFactoryOpen = dbFactoryOpen;
        this.entryOpen = entryOpen;
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
        Class<?> entry = Class.forName("dev.levelshare.party.AgentEntry", true, loader);
        entry.getMethod("configure", Map.class, ConcurrentMap.class).invoke(null, arguments, JVM_CLAIMS);
        Class<?> dbFactory = Class.forName("org.iq80.leveldb.DBFactory", false, factoryLoader);
        Class<?> options = Class.forName("org.iq80.leveldb.Options", false, factoryLoader);
        AgentLog.debug("core loaded for the org.iq80.leveldb API of " + apiLoader);
        return new IsolatedCore(dbFactory.getMethod("open", File.class, options),
                entry.getMethod("open", File.class, Object.class, String.class, Callable.class, BiFunction.class));
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

    /**
     * The core's open of {@code dir}: {@code options} are the app's, {@code realOpen} runs the factory (of class
     * {@code factoryClass}) own open, and {@code appLeveldbjni} the open of the app's leveldbjni (null if none).
     */
    Object open(File dir, Object options, String factoryClass, Callable<Object> realOpen,
                BiFunction<File, Object, Object> appLeveldbjni) throws Throwable {
        try {
            return entryOpen.invoke(null, dir, options, factoryClass, realOpen, appLeveldbjni);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
