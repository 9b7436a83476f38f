package dev.levelshare.agent.weaving;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

import java.io.File;
import java.lang.reflect.InvocationTargetException;

/**
 * Inlined into every {@code DBFactory.open(File, Options)}. It may only use {@code java.*} types: the factory's class
 * loader may not see any agent class (a fat-jar or app-server loader whose parent is not the system loader), so the
 * dispatcher is reached by name through the system class loader, where the JVM put the agent jar.
 *
 * <p>Keep the bytecode plain (no lambdas, no string concatenation): it is copied into class files as old as Java 5.
 *
 * <p>A non-null result from {@code enter} skips the original body and becomes the return value; null lets the original
 * open run (the dispatcher's own call through, or levelshare unavailable).
 */
public final class OpenAdvice {
    private OpenAdvice() {}

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
    public static Object enter(@Advice.This Object factory, @Advice.Argument(0) File dir,
                               @Advice.Argument(1) Object options) throws Throwable {
        Class<?> dispatcher;
        try {
            dispatcher = Class.forName("dev.levelshare.agent.OpenDispatcher", true, ClassLoader.getSystemClassLoader());
        } catch (ClassNotFoundException e) {
            // No string concatenation here: it compiles to invokedynamic, which old class files (leveldbjni's are
            // Java 5) cannot hold once this code is inlined into them.
            System.err.println("[levelshare] ERROR: the agent jar is not on the system class path; opening without sharing");
            return null;
        }
        try {
            return dispatcher.getMethod("open", Object.class, File.class, Object.class).invoke(null, factory, dir, options);
        } catch (InvocationTargetException e) {
            throw e.getCause(); // the very exception the open failed with
        }
    }

    @Advice.OnMethodExit
    public static void exit(@Advice.Enter Object shared,
                            @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned) {
        if (shared != null) {
            returned = shared;
        }
    }
}
