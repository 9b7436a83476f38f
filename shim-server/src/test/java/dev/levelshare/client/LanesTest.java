package dev.levelshare.client;

import dev.levelshare.engine.LocalEngine;
import dev.levelshare.server.DbServer;
import dev.levelshare.server.ServerOptions;
import org.fusesource.leveldbjni.JniDBFactory;
import org.iq80.leveldb.DBIterator;
import org.iq80.leveldb.Options;
import org.iq80.leveldb.ReadOptions;
import org.iq80.leveldb.Snapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static dev.levelshare.testing.Bytes.b;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Several threads of one RemoteDb use several connections, and what one thread made on its connection works for all. */
class LanesTest {
    @TempDir
    Path temp;

    LocalEngine engine;
    DbServer server;
    RemoteDb db;
    ExecutorService otherThread;

    @BeforeEach
    void serve() throws Exception {
        engine = LocalEngine.of(JniDBFactory.factory.open(temp.resolve("db").toFile(),
                new Options().createIfMissing(true)));
        String path = temp.resolve("db").toFile().getCanonicalPath();
        server = DbServer.start(engine, path, temp.resolve("s.sock"), ServerOptions.defaults());
        db = RemoteDb.connect(temp.resolve("s.sock"), path, ClientOptions.defaults().withConnections(2));
        otherThread = Executors.newSingleThreadExecutor();
    }

    @AfterEach
    void stop() throws Exception {
        otherThread.shutdownNow();
        db.close();
        server.close();
        engine.close();
    }

    private <T> T onOtherThread(Callable<T> call) throws Exception {
        return otherThread.submit(call).get(10, TimeUnit.SECONDS);
    }

    @Test
    void twoThreadsUseTwoConnections() throws Exception {
        db.put(b("k"), b("v"));
        assertEquals(1, server.stats().connectionCount(), "one thread, one connection");
        assertArrayEquals(b("v"), onOtherThread(() -> db.get(b("k"))));
        assertEquals(2, server.stats().connectionCount(), "the second thread opened the second connection");
    }

    @Test
    void aSnapshotTakenOnOneThreadReadsTheSameOnAnother() throws Exception {
        db.put(b("k"), b("old"));
        Snapshot snapshot = db.getSnapshot();
        db.put(b("k"), b("new"));
        ReadOptions atSnapshot = new ReadOptions().snapshot(snapshot);
        assertArrayEquals(b("old"), onOtherThread(() -> db.get(b("k"), atSnapshot)));
        assertArrayEquals(b("old"), onOtherThread(() -> {
            try (DBIterator it = db.iterator(atSnapshot)) {
                it.seekToFirst();
                return it.next().getValue();
            }
        }));
        assertArrayEquals(b("new"), onOtherThread(() -> db.get(b("k"))));
        snapshot.close();
    }

    @Test
    void compactionsSuspendedOnOneThreadAreResumedFromAnother() throws Exception {
        db.suspendCompactions();
        assertEquals(1, engine.suspensions().held());
        onOtherThread(() -> {
            db.put(b("k"), b("v")); // this thread's connection is the second one
            db.resumeCompactions();
            return null;
        });
        assertEquals(0, engine.suspensions().held(), "the resume reached the connection that suspended");
    }

    @Test
    void losingTheLeaderLosesEveryConnection() throws Exception {
        db.put(b("k"), b("v"));
        onOtherThread(() -> db.get(b("k")));
        java.util.concurrent.CountDownLatch lost = new java.util.concurrent.CountDownLatch(1);
        db.whenLost(lost::countDown);
        server.close();
        assertTrue(lost.await(10, TimeUnit.SECONDS));
        assertFalse(db.isConnected());
    }
}
