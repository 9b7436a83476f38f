package dev.levelshare.agent;

import java.io.IOException;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;

/**
 * Sees every class the JVM loads (or retransforms) and hands the concrete {@code DBFactory} implementations to the
 * weaver. Everything else is answered in microseconds, without Byte Buddy: a loader that cannot see the LevelDB API
 * is skipped after one resource lookup, so the agent costs next to nothing in a JVM that never uses LevelDB.
 */
final class DbFactoryWatcher implements ClassFileTransformer {
    private final DbFactoryHierarchy hierarchy = new DbFactoryHierarchy();
    private final Weaver weaver;
    private final LeveldbjniLibrary leveldbjni;

    DbFactoryWatcher(Weaver weaver, LeveldbjniLibrary leveldbjni) {
        this.weaver = weaver;
        this.leveldbjni = leveldbjni;
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> beingRedefined, ProtectionDomain domain,
                            byte[] classfile) {
        if (loader == null || className == null || className.startsWith("java/") || className.startsWith("jdk/")
                || className.startsWith("sun/") || className.startsWith("dev/levelshare/")
                || StandInClasses.isStandIn(className) || loader instanceof CoreClassLoader) {
            return null; // the JDK's, levelshare's own (the core's leveldbjni included), mocks and proxies
        }
        if (beingRedefined == null && className.equals(LeveldbjniLibrary.FACTORY)) {
            leveldbjni.beforeFactoryInitializes(loader);
        }
        try {
            if (!hierarchy.seesApi(loader) || !hierarchy.isConcreteFactory(loader, ClassHeader.parse(classfile))) {
                return null;
            }
        } catch (IOException | RuntimeException e) {
            AgentLog.debug("skipped " + className + ": " + e);
            return null;
        }
        return weaver.weave(loader, className, beingRedefined, domain, classfile);
    }
}
