package dev.levelshare.server;

import dev.levelshare.LeaderLostException;
import dev.levelshare.LevelShareException;
import dev.levelshare.client.ClientOptions;
import dev.levelshare.client.RemoteDb;
import org.fusesource.leveldbjni.JniDBFactory;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static dev.levelshare.testing.Bytes.b;
import static dev.levelshare.testing.Bytes.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A socket bound before its server exists, as a promoted follower binds it before its engine recovers. */
class UnixListenerTest {
    @TempDir
    Path temp;

    @Test
    void aClientThatConnectsBeforeTheServerStartsIsAnsweredOnceItDoes() throws Exception {
        Path socket = temp.resolve("s.sock");
        UnixListener listener = UnixListener.bind(socket, ServerOptions.defaults());
        assertTrue(Files.exists(socket));
        String path = temp.resolve("db").toFile().getCanonicalPath();
        // The client connects and sends its handshake now; nobody accepts yet, so it waits.
        CompletableFuture<String> early = CompletableFuture.supplyAsync(() -> {
            try (RemoteDb db = RemoteDb.connect(socket, path, ClientOptions.defaults())) {
                return s(db.get(b("k")));
            }
        });
        assertThrows(TimeoutException.class, () -> early.get(300, TimeUnit.MILLISECONDS),
                "answered before any server existed");
        DB engine = JniDBFactory.factory.open(temp.resolve("db").toFile(), new Options().createIfMissing(true));
        engine.put(b("k"), b("v"));
        DbServer server = DbServer.start(engine, path, listener, ServerOptions.defaults());
        try {
            assertEquals("v", early.get(10, TimeUnit.SECONDS));
            try (RemoteDb later = RemoteDb.connect(socket, path, ClientOptions.defaults())) {
                assertEquals("v", s(later.get(b("k"))), "the listener keeps accepting");
            }
        } finally {
            server.close();
            engine.close();
        }
        assertFalse(Files.exists(socket), "the server's close removes the socket");
    }

    @Test
    void closedBeforeServingItTurnsWaitingClientsAwayAndRemovesTheSocket() throws Exception {
        Path socket = temp.resolve("s.sock");
        UnixListener listener = UnixListener.bind(socket, ServerOptions.defaults());
        String path = temp.resolve("db").toFile().getCanonicalPath();
        CompletableFuture<RemoteDb> waiting = CompletableFuture.supplyAsync(
                () -> RemoteDb.connect(socket, path, ClientOptions.defaults()));
        assertThrows(TimeoutException.class, () -> waiting.get(300, TimeUnit.MILLISECONDS));
        listener.close(); // the open this socket was bound for failed
        ExecutionException e = assertThrows(ExecutionException.class, () -> waiting.get(10, TimeUnit.SECONDS));
        assertInstanceOf(LevelShareException.class, e.getCause());
        assertFalse(Files.exists(socket));
        DB engine = JniDBFactory.factory.open(temp.resolve("db").toFile(), new Options().createIfMissing(true));
        try {
            assertThrows(java.io.IOException.class, () -> DbServer.start(engine, path, listener,
                    ServerOptions.defaults()), "a closed listener cannot serve");
        } finally {
            engine.close();
        }
    }

    @Test
    void aClosingServerRemovesItsSocketBeforeItsClientsSeeTheirConnectionsClose() throws Exception {
        // Followers that lose a closing leader look for its socket file and only connect if it is there (Election):
        // the file must be gone by the time any of them sees the connection close.
        Path socket = temp.resolve("s.sock");
        String path = temp.resolve("db").toFile().getCanonicalPath();
        DB engine = JniDBFactory.factory.open(temp.resolve("db").toFile(), new Options().createIfMissing(true));
        try {
            engine.put(b("k"), b("v"));
            DbServer server = DbServer.start(engine, path, UnixListener.bind(socket, ServerOptions.defaults()),
                    ServerOptions.defaults());
            try (RemoteDb client = RemoteDb.connect(socket, path, ClientOptions.defaults())) {
                assertEquals("v", s(client.get(b("k"))));
                CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
                boolean socketSeenAfterLoss = false;
                while (true) {
                    try {
                        client.get(b("k"));
                    } catch (LeaderLostException e) {
                        socketSeenAfterLoss = Files.exists(socket);
                        break;
                    }
                }
                closing.get(10, TimeUnit.SECONDS);
                assertFalse(socketSeenAfterLoss, "the socket file was still there when the client lost its server");
            }
        } finally {
            engine.close();
        }
    }
}
