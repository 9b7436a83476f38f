package dev.levelshare.server;

import dev.levelshare.WriteRejectedException;
import dev.levelshare.client.ClientOptions;
import dev.levelshare.client.RemoteDb;
import dev.levelshare.hooks.PendingWrite;
import dev.levelshare.hooks.Update;
import dev.levelshare.hooks.WriteHook;
import dev.levelshare.os.CurrentProcess;
import org.fusesource.leveldbjni.JniDBFactory;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.Options;
import org.iq80.leveldb.WriteBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.levelshare.testing.Bytes.b;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Write hooks see every client write before it is applied and can refuse it with a message the client gets. */
class WriteHookTest {
    @TempDir
    Path temp;

    private DB engine;
    private DbServer server;
    private RemoteDb client;
    private final List<PendingWrite> seen = new CopyOnWriteArrayList<>();

    /** Refuses any update whose key starts with "locked/". */
    static final class LockedPrefixHook implements WriteHook {
        @Override
        public void beforeWrite(PendingWrite write) {
            for (Update update : write.updates()) {
                if (new String(update.key(), StandardCharsets.UTF_8).startsWith("locked/")) {
                    throw new WriteRejectedException("keys under locked/ are read-only ("
                            + update.kind().name().toLowerCase() + " refused)");
                }
            }
        }
    }

    @BeforeEach
    void serve() throws IOException {
        engine = JniDBFactory.factory.open(temp.resolve("db").toFile(), new Options().createIfMissing(true));
        engine.put(b("locked/existing"), b("old"));
        String dbPath = temp.resolve("db").toFile().getCanonicalPath();
        WriteHook recorder = seen::add;
        server = DbServer.start(engine, dbPath, temp.resolve("s.sock"), ServerOptions.defaults()
                .withWriteHooks(Arrays.asList(recorder, new LockedPrefixHook())));
        client = RemoteDb.connect(server.socketPath(), dbPath, ClientOptions.defaults().withClientName("hooked"));
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        server.close();
        engine.close();
    }

    @Test
    void putAndDeleteUnderTheRefusedPrefixFailWithTheHooksMessageAndChangeNothing() {
        WriteRejectedException put = assertThrows(WriteRejectedException.class,
                () -> client.put(b("locked/a"), b("x")));
        assertEquals("keys under locked/ are read-only (put refused)", put.getMessage());
        WriteRejectedException delete = assertThrows(WriteRejectedException.class,
                () -> client.delete(b("locked/existing")));
        assertEquals("keys under locked/ are read-only (delete refused)", delete.getMessage());
        assertNull(engine.get(b("locked/a")));
        assertArrayEquals(b("old"), engine.get(b("locked/existing")));

        client.put(b("open/a"), b("y")); // other keys pass
        assertArrayEquals(b("y"), engine.get(b("open/a")));
    }

    @Test
    void aBatchWithOneRefusedUpdateAppliesNoneOfIt() throws IOException {
        try (WriteBatch batch = client.createWriteBatch()) {
            batch.put(b("open/1"), b("1"));
            batch.delete(b("open/2"));
            batch.put(b("locked/b"), b("2"));
            assertThrows(WriteRejectedException.class, () -> client.write(batch));
        }
        assertNull(engine.get(b("open/1")));
        assertNull(engine.get(b("locked/b")));
        PendingWrite batchSeen = seen.get(seen.size() - 1);
        assertEquals(3, batchSeen.updates().size());
        assertEquals(Update.Kind.DELETE, batchSeen.updates().get(1).kind());
        assertNull(batchSeen.updates().get(1).value());
        assertEquals(CurrentProcess.pid(), batchSeen.clientPid());
        assertEquals(CurrentProcess.uid(), batchSeen.clientUid());
        assertEquals("hooked", batchSeen.clientName());
    }

    @Test
    void aHookThatThrowsSomethingElseFailsClosed() throws IOException {
        client.close();
        server.close();
        WriteHook broken = write -> {
            throw new IllegalStateException("bug in hook");
        };
        String dbPath = temp.resolve("db").toFile().getCanonicalPath();
        server = DbServer.start(engine, dbPath, temp.resolve("s2.sock"), ServerOptions.defaults()
                .withWriteHooks(List.of(broken)));
        client = RemoteDb.connect(server.socketPath(), dbPath, ClientOptions.defaults());
        WriteRejectedException e = assertThrows(WriteRejectedException.class, () -> client.put(b("k"), b("v")));
        assertTrue(e.getMessage().contains("failed") && e.getMessage().contains("bug in hook"), e.getMessage());
        assertNull(engine.get(b("k")));
        assertArrayEquals(b("old"), client.get(b("locked/existing")), "reads are not hooked");
    }
}
