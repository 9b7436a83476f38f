package dev.levelshare.agent.weaving;

import org.fusesource.leveldbjni.JniDBFactory;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBFactory;
import org.iq80.leveldb.Options;
import org.iq80.leveldb.impl.Iq80DBFactory;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The weaver on real class files: the woven class must pass the JVM's verifier (loading and initialising it here
 * links it), with and without stack map frames, also where the original method's first instruction is a jump target;
 * classes without a concrete {@code open(File, Options)} are left alone. What the prologue does at run time is the
 * agent's integration tests' (real apps, the real agent jar).
 */
class OpenWeaverTest {
    private final OpenWeaver weaver = new OpenWeaver();

    /** A factory whose {@code open} starts with a loop: the original code's first frame sits right after the prologue. */
    public static final class LoopFirstFactory implements DBFactory {
        @Override
        public DB open(File path, Options options) {
            do {
                path = path.getParentFile();
            } while (path != null && path.getParentFile() != null);
            return null;
        }

        @Override
        public void destroy(File path, Options options) {}

        @Override
        public void repair(File path, Options options) {}
    }

    /** No {@code open(File, Options)} of its own: nothing to weave. */
    public abstract static class InheritingFactory extends JniDBFactory {}

    private static byte[] classFile(Class<?> type) throws IOException {
        try (InputStream in = type.getClassLoader().getResourceAsStream(type.getName().replace('.', '/') + ".class")) {
            return in.readAllBytes();
        }
    }

    private static int majorVersion(byte[] classFile) {
        return ((classFile[6] & 0xFF) << 8) | (classFile[7] & 0xFF);
    }

    /** Defines the woven class in a loader of its own (the rest from the test's loader), links and initialises it. */
    private static Class<?> defineAndLink(Class<?> original, byte[] woven) throws ClassNotFoundException {
        ClassLoader loader = new ClassLoader(OpenWeaverTest.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.equals(original.getName())) {
                    synchronized (getClassLoadingLock(name)) {
                        Class<?> loaded = findLoadedClass(name);
                        return loaded != null ? loaded : defineClass(name, woven, 0, woven.length);
                    }
                }
                return super.loadClass(name, resolve);
            }
        };
        return Class.forName(original.getName(), true, loader); // verification fails here if the bytecode is wrong
    }

    private void assertWovenAndVerified(Class<?> factory) throws Exception {
        byte[] original = classFile(factory);
        byte[] woven = weaver.weave(factory.getClassLoader(), factory.getName().replace('.', '/'), null, null, original);
        assertNotNull(woven, factory + " has an open(File, Options) to weave");
        Class<?> linked = defineAndLink(factory, woven);
        Method open = linked.getMethod("open", File.class, Options.class);
        assertEquals(DB.class, open.getReturnType());
        assertTrue(new String(woven, java.nio.charset.StandardCharsets.ISO_8859_1).contains(OpenPrologue.DISPATCHER),
                "the prologue names the dispatcher");
    }

    @Test
    void leveldbjnisJava5FactoryWithoutFramesIsWovenAndVerifies() throws Exception {
        assertTrue(majorVersion(classFile(JniDBFactory.class)) < 50, "leveldbjni's class files have no frames");
        assertWovenAndVerified(JniDBFactory.class);
    }

    @Test
    void iq80sFactoryWithFramesIsWovenAndVerifies() throws Exception {
        assertTrue(majorVersion(classFile(Iq80DBFactory.class)) >= 50);
        assertWovenAndVerified(Iq80DBFactory.class);
    }

    @Test
    void aFactoryWhoseOpenStartsWithAJumpTargetIsWovenAndVerifies() throws Exception {
        assertWovenAndVerified(LoopFirstFactory.class);
    }

    @Test
    void aFactoryWithoutItsOwnOpenIsLeftAlone() throws Exception {
        assertNull(weaver.weave(getClass().getClassLoader(), InheritingFactory.class.getName().replace('.', '/'), null,
                null, classFile(InheritingFactory.class)));
    }
}
