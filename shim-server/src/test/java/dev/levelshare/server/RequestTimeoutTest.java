package dev.levelshare.server;

import dev.levelshare.LevelShareException;
import dev.levelshare.client.ClientOptions;
import dev.levelshare.client.RemoteDb;
import dev.levelshare.testing.ForwardingDb;
import org.fusesource.leveldbjni.JniDBFactory;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.levelshare.testing.Bytes.b;
import static dev.levelshare.testing.Bytes.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestTimeoutTest {
    @TempDir
    Path temp;

    @Test
    void aRequestThatTimesOutFailsClearlyAndLeavesNothingInFlight() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        DB engine = JniDBFactory.factory.open(temp.resolve("db").toFile(), new Options().createIfMissing(true));
        DB stuckGets = new ForwardingDb(engine) {
            @Override
            public byte[] get(byte[] key, org.iq80.leveldb.ReadOptions options) {
                if (s(key).equals("stuck")) {
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return super.get(key, options);
            }
        };
        String path = temp.resolve("db").toFile().getCanonicalPath();
        Path socket = temp.resolve("s.sock");
        DbServer server = DbServer.start(stuckGets, path, socket, ServerOptions.defaults());
        try (RemoteDb db = RemoteDb.connect(socket, path, ClientOptions.defaults().withRequestTimeoutMillis(200))) {
            db.put(b("k"), b("v"));
            LevelShareException e = assertThrows(LevelShareException.class, () -> db.get(b("stuck")));
            assertTrue(e.getMessage().contains("no answer to GET on " + path + " within 200 ms"), e.getMessage());
            assertEquals(0, dev.levelshare.client.RemoteDbInternals.requestsInFlight(db), "a timed-out request must not stay registered");
            release.countDown();
            assertEquals("v", s(db.get(b("k"))), "the late answer is dropped and the connection still works");
            assertEquals(0, dev.levelshare.client.RemoteDbInternals.requestsInFlight(db));
        } finally {
            release.countDown();
            server.close();
            engine.close();
        }
    }
}
