package dev.levelshare.agent;

import dev.levelshare.bridge.FactoryOpen;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * One app's {@code DBFactory.open(dir, options)} as the core sees it ({@link FactoryOpen}): the opens it offers run the
 * engine's own code, let through the prologue untouched because this thread is marked as calling through.
 */
final class AppOpen implements FactoryOpen {
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

    private final Object factory;
    private final Method factoryOpen;
    private final File dir;
    private final Object options;

    AppOpen(Object factory, Method factoryOpen, File dir, Object options) {
        this.factory = factory;
        this.factoryOpen = factoryOpen;
        this.dir = dir;
        this.options = options;
    }

    @Override
    public File directory() {
        return dir;
    }

    @Override
    public Object options() {
        return options;
    }

    @Override
    public String factoryClass() {
        return factory.getClass().getName();
    }

    @Override
    public Object openWithFactory() throws Exception {
        return callThrough(factory, dir, options);
    }

    /**
     * The app's class loader has leveldbjni (this factory itself, or beside it): the core may lead an iq80 app's DB with
     * it, since a native library loads in one class loader per JVM and the app's copy must then be the one.
     */
    @Override
    public boolean hasAppLeveldbjni() {
        return isLeveldbjni() || HAS_LEVELDBJNI.get(factory.getClass());
    }

    @Override
    public Object openWithAppLeveldbjni(File otherDir, Object otherOptions) throws Exception {
        Object target = isLeveldbjni() ? factory : Class.forName(LEVELDBJNI_FACTORY, true,
                factory.getClass().getClassLoader()).getField("factory").get(null);
        return callThrough(target, otherDir, otherOptions);
    }

    private boolean isLeveldbjni() {
        return factory.getClass().getName().startsWith(LEVELDBJNI_PACKAGE);
    }

    private Object callThrough(Object target, File openDir, Object openOptions) throws Exception {
        OpenDispatcher.CALLING_THROUGH.set(Boolean.TRUE);
        try {
            return factoryOpen.invoke(target, openDir, openOptions);
        } catch (InvocationTargetException e) {
            throw OpenDispatcher.<Exception>rethrow(e.getCause());
        } finally {
            OpenDispatcher.CALLING_THROUGH.remove();
        }
    }
}
