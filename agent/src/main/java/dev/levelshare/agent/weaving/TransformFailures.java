package dev.levelshare.agent.weaving;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.utility.JavaModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports every factory levelshare meant to instrument and could not: its opens would fail with the plain lock error,
 * so the user must hear of it (a failed transformation is otherwise silent).
 */
final class TransformFailures extends AgentBuilder.Listener.Adapter {
    private static final Logger log = LoggerFactory.getLogger(TransformFailures.class);

    @Override
    public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded,
                                 DynamicType dynamicType) {
        log.debug("instrumented {}.open{}", type.getName(), loaded ? " (already loaded: retransformed)" : "");
    }

    @Override
    public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable throwable) {
        log.error("could not instrument {} (class loader {}); its opens are not shared", typeName, loader, throwable);
    }
}
