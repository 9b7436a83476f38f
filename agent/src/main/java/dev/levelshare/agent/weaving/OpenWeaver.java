package dev.levelshare.agent.weaving;

import dev.levelshare.config.Settings;
import dev.levelshare.logging.LogLevel;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.dynamic.Nexus;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.dynamic.scaffold.TypeValidation;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.security.ProtectionDomain;
import java.util.Map;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.none;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * Inlines {@link OpenAdvice} into {@code open(File, Options)} of a concrete {@code org.iq80.leveldb.DBFactory}. Loaded
 * (with Byte Buddy) only when the agent's watcher meets the first such class, so JVMs that never use LevelDB never pay
 * for Byte Buddy. No class format changes: the same bytes serve a first load and a retransformation.
 */
public final class OpenWeaver {
    private final ClassFileTransformer transformer;

    public OpenWeaver(Map<String, String> agentArguments) {
        LogLevel.setThreshold(LogLevel.parse(Settings.withExplicit(agentArguments).get("logLevel", "info")));
        // AgentBuilder.Default builds Byte Buddy's Nexus accessor up front, which touches sun.misc.Unsafe: on JDK 24+
        // the app would print "A terminally deprecated method in sun.misc.Unsafe has been called". The weaving needs
        // no Nexus (no class format changes, no loaded type initializers). The property is in the relocated
        // namespace, so an app's own Byte Buddy is not affected.
        if (System.getProperty(Nexus.PROPERTY) == null) {
            System.setProperty(Nexus.PROPERTY, "true");
        }
        transformer = new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED))
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(new TransformFailures())
                .ignore(none()) // the watcher already chose this class
                .type(not(isInterface()).and(hasSuperType(named("org.iq80.leveldb.DBFactory"))))
                .transform((builder, type, loader, module, protectionDomain) -> builder.visit(Advice.to(OpenAdvice.class)
                        .on(named("open").and(not(isAbstract())).and(takesArguments(2))
                                .and(takesArgument(0, named("java.io.File")))
                                .and(takesArgument(1, named("org.iq80.leveldb.Options")))
                                .and(returns(named("org.iq80.leveldb.DB"))))))
                .makeRaw();
    }

    /** The class with the advice inlined, or null if it has no {@code open(File, Options)} of its own. */
    public byte[] weave(ClassLoader loader, String internalName, Class<?> beingRedefined, ProtectionDomain domain,
                        byte[] classfile) throws IllegalClassFormatException {
        return transformer.transform(loader, internalName, beingRedefined, domain, classfile);
    }
}
