package dev.levelshare.agent;

import org.fusesource.leveldbjni.JniDBFactory;
import org.iq80.leveldb.DBFactory;
import org.iq80.leveldb.impl.Iq80DBFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The watcher's cheap decision, on real class files: which classes get the advice, without loading anything. */
class DbFactoryHierarchyTest {
    private final DbFactoryHierarchy hierarchy = new DbFactoryHierarchy();
    private final ClassLoader loader = getClass().getClassLoader();

    /** A factory two levels below JniDBFactory, the way an app might customise it. */
    static class TunedJniFactory extends JniDBFactory {}

    static final class MoreTunedJniFactory extends TunedJniFactory {}

    /** An interface extending DBFactory is not itself instrumented; its implementations are. */
    interface NamedFactory extends DBFactory {}

    abstract static class ViaSubInterface implements NamedFactory {}

    private static ClassHeader header(Class<?> type) throws IOException {
        try (InputStream in = ClassLoader.getSystemResourceAsStream(type.getName().replace('.', '/') + ".class")) {
            return ClassHeader.parse(in.readAllBytes());
        }
    }

    @Test
    void readsSuperClassAndInterfacesFromTheClassFile() throws IOException {
        ClassHeader jni = header(JniDBFactory.class);
        assertFalse(jni.isInterface);
        assertEquals("java/lang/Object", jni.superName);
        assertArrayEquals(new String[] {"org/iq80/leveldb/DBFactory"}, jni.interfaces);
        assertTrue(header(NamedFactory.class).isInterface);
        assertNull(header(Object.class).superName);
    }

    @Test
    void concreteFactoriesAtAnyDepthAreFoundWithoutLoadingTheirSuperTypes() throws IOException {
        assertTrue(hierarchy.isConcreteFactory(loader, header(JniDBFactory.class)));
        assertTrue(hierarchy.isConcreteFactory(loader, header(Iq80DBFactory.class)));
        assertTrue(hierarchy.isConcreteFactory(loader, header(MoreTunedJniFactory.class)));
        assertTrue(hierarchy.isConcreteFactory(loader, header(ViaSubInterface.class)));
        assertFalse(hierarchy.isConcreteFactory(loader, header(NamedFactory.class)), "interfaces have no open body");
        assertFalse(hierarchy.isConcreteFactory(loader, header(String.class)));
        assertFalse(hierarchy.isConcreteFactory(loader, header(Map.class)));
    }

    @Test
    void aLoaderThatCannotSeeTheApiIsSkippedAtOnce() throws IOException {
        try (URLClassLoader platformOnly = new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader())) {
            assertFalse(hierarchy.seesApi(platformOnly));
        }
        assertTrue(hierarchy.seesApi(loader));
        assertFalse(hierarchy.seesApi(null));
    }

    @Test
    void garbageIsNotAClassFile() {
        assertThrows(IOException.class, () -> ClassHeader.parse(new byte[] {1, 2, 3}));
        assertThrows(IOException.class, () -> ClassHeader.parse(new byte[16]));
    }

    @Test
    void agentArgumentsAreKeyValuePairs() {
        assertEquals(Map.of("retry", "false", "logLevel", "debug"), AgentArguments.parse("retry=false, logLevel=debug"));
        assertEquals(Map.of(), AgentArguments.parse(null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AgentArguments.parse("retry"));
        assertTrue(e.getMessage().contains("not key=value"), e.getMessage());
    }
}
