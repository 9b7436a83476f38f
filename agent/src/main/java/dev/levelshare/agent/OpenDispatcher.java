package dev.levelshare.agent;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;

/**
 * Called by the prologue woven into every intercepted open ({@code dev.levelshare.agent.weaving.OpenPrologue}). Finds
 * the isolated core for the factory's {@code org.iq80.leveldb} API and hands it the open, with a way to run the
 * factory's own open: that call comes back through the prologue, which lets it through because this thread is marked
 * as calling through.
 */
public final class OpenDispatcher {
    private static final ThreadLocal<Boolean> CALLING_THROUGH = new ThreadLocal<>();
    private static final String LEVELDBJNI_PACKAGE = "org.fusesource.leveldbjni.";
    private static final String LEVELDBJNI_FACTORY = LEVELDBJNI_PACKAGE + "JniDBFactory";
    /** Whether a factory's class loader can load leveldbjni; looked up once per factory class. */
    private static final ClassValue<Boolean> HAS_LEVELDBJNI = new ClassValue<Boolean>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            ClassLoader loader = type.getClassLoader();
            String resource = LEVELDBJNI_FACTORY.replace('.', '/') + ".class";
            return (loader == null ? ClassLoader.getSystemResource(resource) : loader.getResource(resource)) != null;
        }
    };
    private static volatile Map<String, String> agentArguments = Collections.emptyMap();

    private OpenDispatcher() {}

    static void configure(Map<String, String> arguments) {
        agentArguments = arguments;
    }

    /**
     * The shared handle to return instead of running the original open, or null to run the original open (this
     * thread is calling through, or the core cannot be loaded: then the app runs as without levelshare, and the
     * reason is logged).
     */
    public static Object open(Object factory, File dir, Object options) throws Throwable {
        if (CALLING_THROUGH.get() != null || dir == null || options == null) {
            return null; // calling through, or an argument the engine itself must answer, as it does without the agent
        }
        IsolatedCore core;
        Method factoryOpen;
        try {
            core = IsolatedCore.forFactory(factory.getClass(), agentArguments);
            factoryOpen = core.dbFactoryOpen();
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            AgentLog.error("cannot load the levelshare core for " + factory.getClass().getName() + "; " + dir
                    + " is opened without sharing", e);
            return null;
        }
        Callable<Object> realOpen = () -> callThrough(factoryOpen, factory, dir, options);
        return core.open(dir, options, factory.getClass().getName(), realOpen,
                appLeveldbjni(factory, factoryOpen));
    }

    /**
     * The open of the leveldbjni the app's class loader has (this factory itself if it is leveldbjni's), let through
     * untouched; null if the app has no leveldbjni. The core may lead an iq80 app's DB with it (a native library loads
     * in one class loader per JVM, so the app's copy is used where there is one).
     */
    private static BiFunction<File, Object, Object> appLeveldbjni(Object factory, Method factoryOpen) {
        Class<?> type = factory.getClass();
        boolean isLeveldbjni = type.getName().startsWith(LEVELDBJNI_PACKAGE);
        if (!isLeveldbjni && !HAS_LEVELDBJNI.get(type)) {
            return null;
        }
        return (otherDir, otherOptions) -> {
            try {
                Object target = isLeveldbjni ? factory : Class.forName(LEVELDBJNI_FACTORY, true, type.getClassLoader())
                        .getField("factory").get(null);
                return callThrough(factoryOpen, target, otherDir, otherOptions);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    private static Object callThrough(Method factoryOpen, Object factory, File dir, Object options) throws Exception {
        CALLING_THROUGH.set(Boolean.TRUE);
        try {
            return factoryOpen.invoke(factory, dir, options);
        } catch (InvocationTargetException e) {
            throw OpenDispatcher.<Exception>rethrow(e.getCause());
        } finally {
            CALLING_THROUGH.remove();
        }
    }

    /** Rethrows the engine's own exception, checked or not, unchanged. */
    @SuppressWarnings("unchecked")
    static <T extends Throwable> T rethrow(Throwable t) throws T {
        throw (T) t;
    }
}
