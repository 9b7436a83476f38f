package dev.levelshare.it.mocks;

import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBFactory;
import org.iq80.leveldb.Options;
import org.mockito.MockMakers;

import java.io.File;
import java.lang.reflect.Proxy;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

/**
 * A test that mocks a LevelDB factory, as Hadoop's timeline store tests do: {@code <how> <dir>} with {@code how} one of
 * {@code subclass} and {@code inline} (Mockito's mock makers, mocking {@code JniDBFactory}), {@code interface} (a
 * Mockito mock of {@code DBFactory}), {@code proxy} (a JDK proxy of {@code DBFactory}); or {@code nulls <dir>}: what
 * each engine's real open does with a null directory or null options. Prints one line per finding.
 */
public final class MockedFactoryApp {
    public static void main(String[] args) throws Exception {
        File dir = new File(args[1]);
        if (args[0].equals("nulls")) {
            openWithNulls("jni", org.fusesource.leveldbjni.JniDBFactory.factory, dir);
            openWithNulls("iq80", org.iq80.leveldb.impl.Iq80DBFactory.factory, dir);
            return;
        }
        DB stub = mock(DB.class);
        DBFactory factory = mockFactory(args[0], stub);
        DB opened = factory.open(dir, new Options().createIfMissing(true));
        System.out.println("open returned the stub: " + (opened == stub));
        if (!args[0].equals("proxy")) {
            verify(factory).open(eq(dir), any(Options.class));
            System.out.println("verified");
        }
        System.out.println("directory created: " + dir.exists());
        System.out.println("factory class " + factory.getClass().getName());
        System.out.println("done");
    }

    private static DBFactory mockFactory(String how, DB stub) throws Exception {
        switch (how) {
            case "subclass":
            case "inline": {
                DBFactory factory = mock(org.fusesource.leveldbjni.JniDBFactory.class,
                        withSettings().mockMaker(how.equals("inline") ? MockMakers.INLINE : MockMakers.SUBCLASS));
                when(factory.open(any(File.class), any(Options.class))).thenReturn(stub);
                return factory;
            }
            case "interface": {
                DBFactory factory = mock(DBFactory.class);
                when(factory.open(any(File.class), any(Options.class))).thenReturn(stub);
                return factory;
            }
            case "proxy":
                return (DBFactory) Proxy.newProxyInstance(MockedFactoryApp.class.getClassLoader(),
                        new Class<?>[] {DBFactory.class},
                        (proxy, method, arguments) -> method.getName().equals("open") ? stub : null);
            default:
                throw new IllegalArgumentException(how);
        }
    }

    private static void openWithNulls(String engine, DBFactory factory, File dir) {
        System.out.println(engine + " open(null, options): " + outcome(() -> factory.open(null, new Options())));
        System.out.println(engine + " open(dir, null): " + outcome(() -> factory.open(dir, null)));
    }

    private interface Open {
        DB run() throws Exception;
    }

    private static String outcome(Open open) {
        try {
            DB db = open.run();
            db.close();
            return "opened";
        } catch (Exception | Error e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }
}
