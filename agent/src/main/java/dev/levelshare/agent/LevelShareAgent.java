package dev.levelshare.agent;

import dev.levelshare.config.Settings;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code -javaagent:levelshare-agent.jar[=key=value,...]}, or attached to a running JVM: every {@code open(File,
 * Options)} of every concrete {@code org.iq80.leveldb.DBFactory}, loaded before or after, gets {@code OpenPrologue}.
 *
 * <p>Start-up does almost nothing: it registers a {@link DbFactoryWatcher} and retransforms the factories already
 * loaded (none, unless attached late). The weaver (Byte Buddy's ASM) and the core are loaded at the first factory
 * class.
 */
public final class LevelShareAgent {
    private LevelShareAgent() {}

    public static void premain(String arguments, Instrumentation instrumentation) {
        install(arguments, instrumentation);
    }

    public static void agentmain(String arguments, Instrumentation instrumentation) {
        install(arguments, instrumentation);
    }

    private static synchronized void install(String argumentLine, Instrumentation instrumentation) {
        Map<String, String> arguments;
        try {
            arguments = AgentArguments.parse(argumentLine);
            Settings settings = Settings.withExplicit(arguments);
            String level = settings.logLevel();
            AgentLog.setDebug(level.equalsIgnoreCase("debug") || level.equalsIgnoreCase("trace"));
            if (!settings.enabled()) {
                AgentLog.debug("disabled by the enabled setting; nothing instrumented");
                return;
            }
        } catch (IllegalArgumentException e) {
            // A bad setting must not stop the app: it runs as without levelshare, and says why.
            AgentLog.error("levelshare is off: " + e.getMessage(), null);
            return;
        }
        OpenDispatcher.configure(arguments);
        instrumentation.addTransformer(new DbFactoryWatcher(new Weaver(), new LeveldbjniLibrary(arguments)),
                true);
        retransformLoadedFactories(instrumentation);
    }

    /** Factories loaded before the agent (late attach): the watcher sees them again through retransformation. */
    private static void retransformLoadedFactories(Instrumentation instrumentation) {
        List<Class<?>> factories = new ArrayList<>();
        for (Class<?> type : instrumentation.getAllLoadedClasses()) {
            if (!type.isInterface() && !type.isArray() && isDbFactory(type) && instrumentation.isModifiableClass(type)) {
                factories.add(type);
            }
        }
        for (Class<?> factory : factories) {
            try {
                instrumentation.retransformClasses(factory);
                AgentLog.debug("retransformed already loaded " + factory.getName());
            } catch (Exception | LinkageError e) {
                AgentLog.error("could not retransform already loaded " + factory.getName()
                        + "; its opens are not shared", e);
            }
        }
    }

    private static boolean isDbFactory(Class<?> type) {
        for (Class<?> t = type; t != null; t = t.getSuperclass()) {
            for (Class<?> i : t.getInterfaces()) {
                if (implementsByName(i)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean implementsByName(Class<?> anInterface) {
        if (anInterface.getName().equals("org.iq80.leveldb.DBFactory")) {
            return true;
        }
        for (Class<?> parent : anInterface.getInterfaces()) {
            if (implementsByName(parent)) {
                return true;
            }
        }
        return false;
    }
}
