package dev.levelshare.server;

import dev.levelshare.client.ClientOptions;
import dev.levelshare.client.RemoteDb;
import org.fusesource.leveldbjni.JniDBFactory;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.Options;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static dev.levelshare.testing.Bytes.b;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Several clients suspending compactions at once. On leveldbjni, nested suspensions of the engine block for good; the
 * server folds them into one, so each client's suspend and resume return and compactions run again after the last.
 */
class CompactionSuspensionTest {
    private static final long SECONDS = 10;

    @TempDir
    Path temp;
    private DB engine;
    private DbServer server;
    private String dbPath;

    @BeforeEach
    void serve() throws IOException {
        engine = JniDBFactory.factory.open(temp.resolve("db").toFile(), new Options().createIfMissing(true));
        dbPath = temp.resolve("db").toFile().getCanonicalPath();
        server = DbServer.start(engine, dbPath, temp.resolve("s.sock"), ServerOptions.defaults());
        for (int i = 0; i < 1000; i++) {
            engine.put(b("k" + i), new byte[100]);
        }
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        engine.close();
    }

    private RemoteDb client() {
        return RemoteDb.connect(server.socketPath(), dbPath, ClientOptions.defaults());
    }

    /** A compaction completes only while compactions are not suspended. */
    private CompletableFuture<Void> compaction(RemoteDb db) {
        return CompletableFuture.runAsync(() -> db.compactRange(null, null));
    }

    private static void suspend(RemoteDb db) throws Exception {
        CompletableFuture.runAsync(db::suspendCompactions).get(SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void twoClientsSuspendAndResumeInAnyOrderAndCompactionsRunAfterTheLast() throws Exception {
        try (RemoteDb a = client(); RemoteDb b = client(); RemoteDb observer = client()) {
            suspend(a);
            suspend(b); // would block forever on the engine itself
            CompletableFuture<Void> compaction = compaction(observer);
            CompletableFuture.runAsync(a::resumeCompactions).get(SECONDS, TimeUnit.SECONDS);
            assertThrows(TimeoutException.class, () -> compaction.get(300, TimeUnit.MILLISECONDS),
                    "b still holds its suspension");
            CompletableFuture.runAsync(b::resumeCompactions).get(SECONDS, TimeUnit.SECONDS);
            compaction.get(SECONDS, TimeUnit.SECONDS);
        }
    }

    @Test
    void aClientCannotUndoAnotherClientsSuspensionAndADisconnectUndoesItsOwn() throws Exception {
        try (RemoteDb holder = client(); RemoteDb other = client()) {
            suspend(holder);
            other.resumeCompactions(); // not its suspension: changes nothing
            CompletableFuture<Void> compaction = compaction(other);
            assertThrows(TimeoutException.class, () -> compaction.get(300, TimeUnit.MILLISECONDS));
            holder.close(); // leaves with its suspension held: the server undoes it
            compaction.get(SECONDS, TimeUnit.SECONDS);
        }
        CompletableFuture.runAsync(() -> {
            try (RemoteDb again = client()) {
                again.compactRange(null, null);
            }
        }).get(SECONDS, TimeUnit.SECONDS);
    }
}
