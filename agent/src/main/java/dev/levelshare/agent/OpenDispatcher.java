package dev.levelshare.agent;

import java.io.File;
import java.lang.reflect.Method;
import java.util.Collections;
import java.util.Map;

/**
 * Called by the prologue woven into every intercepted open ({@code dev.levelshare.agent.weaving.OpenPrologue}). Finds
 * the isolated core for the factory's {@code org.iq80.leveldb} API and hands it the open, with a way to run the
 * factory's own open: that call comes back through the prologue, which lets it through because this thread is marked
 * as calling through.
 */
public final class OpenDispatcher {
    /** Set while a thread runs an engine's own open for the core ({@link AppOpen}): the prologue lets it through. */
    static final ThreadLocal<Boolean> CALLING_THROUGH = new ThreadLocal<>();
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
        return core.open(new AppOpen(factory, factoryOpen, dir, options));
    }

    /** Rethrows the engine's own exception, checked or not, unchanged. */
    @SuppressWarnings("unchecked")
    static <T extends Throwable> T rethrow(Throwable t) throws T {
        throw (T) t;
    }
}
