package dev.levelshare.agent;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The names run-time generators give the classes they make, seen by the watcher as internal names. */
class StandInClassesTest {
    @Test
    void mocksAndProxiesAreStandIns() {
        assertTrue(StandInClasses.isStandIn("org/fusesource/leveldbjni/JniDBFactory$MockitoMock$1093749183"));
        assertTrue(StandInClasses.isStandIn("org/iq80/leveldb/DBFactory$MockitoMock$2048"));
        assertTrue(StandInClasses.isStandIn("com/example/Factory$ByteBuddy$abc123"));
        assertTrue(StandInClasses.isStandIn("com/example/Factory$$EnhancerByCGLIB$$1a2b3c"));
        assertTrue(StandInClasses.isStandIn("com/example/Factory$$EnhancerByMockitoWithCGLIB$$1a2b3c"));
        assertTrue(StandInClasses.isStandIn("com/example/Factory$$SpringCGLIB$$0"));
        assertTrue(StandInClasses.isStandIn("com/example/Factory_$$_jvst1a2_0"));
        assertTrue(StandInClasses.isStandIn("jdk/proxy2/$Proxy12"));
        assertTrue(StandInClasses.isStandIn("com/sun/proxy/$Proxy7"));
        assertTrue(StandInClasses.isStandIn("com/example/$Proxy3")); // a proxy of a package-private interface
        assertTrue(StandInClasses.isStandIn("com.example.Factory$MockitoMock$77")); // binary names alike
    }

    @Test
    void factoriesAppsWriteAreNot() {
        assertFalse(StandInClasses.isStandIn("org/fusesource/leveldbjni/JniDBFactory"));
        assertFalse(StandInClasses.isStandIn("org/iq80/leveldb/impl/Iq80DBFactory"));
        assertFalse(StandInClasses.isStandIn("com/example/TunedFactory$Inner"));
        assertFalse(StandInClasses.isStandIn("com/example/ProxyFactory"));
        assertFalse(StandInClasses.isStandIn(null));
    }
}
