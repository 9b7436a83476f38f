package dev.levelshare.server;

import dev.levelshare.client.ClientOptions;
import dev.levelshare.client.RemoteDb;
import dev.levelshare.testing.ForwardingDb;
import org.fusesource.leveldbjni.JniDBFactory;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.levelshare.testing.Bytes.b;
import static dev.levelshare.testing.Bytes.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Slow engine calls run off the event loop: while one is stuck, every other client (and thread) is still served. */
class SlowOperationsTest {
    @TempDir
    Path temp;

    @Test
    void aLongCompactRangeDoesNotDelayOtherClientsOrOtherThreadsOfTheSameClient() throws Exception {
        CountDownLatch compactionStarted = new CountDownLatch(1);
        CountDownLatch releaseCompaction = new CountDownLatch(1);
        DB engine = JniDBFactory.factory.open(temp.resolve("db").toFile(), new Options().createIfMissing(true));
        DB slowCompactions = new ForwardingDb(engine) {
            @Override
            public void compactRange(byte[] begin, byte[] end) {
                compactionStarted.countDown();
                try {
                    releaseCompaction.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                super.compactRange(begin, end);
            }
        };
        String path = temp.resolve("db").toFile().getCanonicalPath();
        Path socket = temp.resolve("s.sock");
        // A connection is served by one event loop: if compactRange ran on it, the compacting client's other calls
        // (asserted below) could not be served.
        DbServer server = DbServer.start(slowCompactions, path, socket, ServerOptions.defaults());
        try (RemoteDb compacting = RemoteDb.connect(socket, path, ClientOptions.defaults());
             RemoteDb other = RemoteDb.connect(socket, path, ClientOptions.defaults())) {
            other.put(b("k"), b("v"));
            CompletableFuture<Void> compaction = CompletableFuture.runAsync(() -> compacting.compactRange(null, null));
            assertTrue(compactionStarted.await(10, TimeUnit.SECONDS));

            for (int i = 0; i < 100; i++) {
                assertEquals("v", s(other.get(b("k"))));
                other.put(b("k" + i), b("during compaction"));
            }
            assertEquals("v", s(compacting.get(b("k"))), "another thread of the compacting client is served too");
            assertFalse(compaction.isDone(), "the compaction is still running: the gets above did not wait for it");

            releaseCompaction.countDown();
            compaction.get(10, TimeUnit.SECONDS);
        } finally {
            releaseCompaction.countDown();
            server.close();
            engine.close();
        }
    }
}
