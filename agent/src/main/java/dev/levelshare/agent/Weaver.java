package dev.levelshare.agent;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.security.ProtectionDomain;

/**
 * The bridge to {@code dev.levelshare.agent.weaving.OpenWeaver}, which runs with Byte Buddy's ASM in its own loader
 * over the embedded core jar. Loaded at the first factory class, then reused; it reports what the weaver did.
 */
final class Weaver {
    private Object weaver;
    private Method weave;
    private boolean failed;

    /** Woven bytes, or null: unchanged (and the failure logged) if the weaver cannot be loaded or fails. */
    byte[] weave(ClassLoader loader, String className, Class<?> beingRedefined, ProtectionDomain domain,
                 byte[] classfile) {
        try {
            if (!ensureLoaded()) {
                return null;
            }
            byte[] woven = (byte[]) weave.invoke(weaver, loader, className, beingRedefined, domain, classfile);
            if (woven != null) {
                AgentLog.debug("instrumented " + className.replace('/', '.') + ".open"
                        + (beingRedefined != null ? " (already loaded: retransformed)" : ""));
            }
            return woven;
        } catch (InvocationTargetException e) {
            // A failed transformation is otherwise silent, and the app's opens would then fail with the lock error.
            AgentLog.error("could not instrument " + className.replace('/', '.') + " (class loader " + loader
                    + "); its opens are not shared", e.getCause());
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            AgentLog.error("could not instrument " + className.replace('/', '.') + " (class loader " + loader
                    + "); its opens are not shared", e);
        }
        return null;
    }

    private synchronized boolean ensureLoaded() throws ReflectiveOperationException {
        if (weaver == null && !failed) {
            try {
                URLClassLoader loader = new URLClassLoader("levelshare-weaver",
                        new java.net.URL[] {EmbeddedCore.jar()}, ClassLoader.getPlatformClassLoader());
                Class<?> type = Class.forName("dev.levelshare.agent.weaving.OpenWeaver", true, loader);
                weave = type.getMethod("weave", ClassLoader.class, String.class, Class.class, ProtectionDomain.class,
                        byte[].class);
                weaver = type.getConstructor().newInstance();
            } catch (java.io.IOException e) {
                failed = true;
                AgentLog.error("cannot unpack the levelshare core; LevelDB opens are not shared", e);
            }
        }
        return weaver != null;
    }
}
