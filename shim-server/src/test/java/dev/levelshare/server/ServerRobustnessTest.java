package dev.levelshare.server;

import dev.levelshare.LevelShareException;
import dev.levelshare.client.ClientOptions;
import dev.levelshare.client.RemoteDb;
import dev.levelshare.protocol.ErrorCode;
import dev.levelshare.protocol.Opcode;
import dev.levelshare.testing.CapturedStderr;
import dev.levelshare.testing.RawPeer;
import org.fusesource.leveldbjni.JniDBFactory;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBIterator;
import org.iq80.leveldb.Options;
import org.iq80.leveldb.Snapshot;
import org.iq80.leveldb.WriteBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.levelshare.testing.Bytes.b;
import static dev.levelshare.testing.Bytes.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad peers and exhausted limits: each gets a clear refusal, and the server keeps serving everyone else. */
class ServerRobustnessTest {
    private static final int MAX_FRAME = 64 * 1024;
    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path temp;

    DB engineDb;
    DbServer server;
    Path socket;
    String dbPath;
    RemoteDb good;

    @BeforeEach
    void serve() throws IOException {
        engineDb = JniDBFactory.factory.open(temp.resolve("db").toFile(), new Options().createIfMissing(true));
        dbPath = temp.resolve("db").toFile().getCanonicalPath();
        socket = temp.resolve("s.sock");
        server = DbServer.start(engineDb, dbPath, socket, ServerOptions.defaults()
                .withMaxFrameBytes(MAX_FRAME).withMaxIteratorsPerConnection(4).withMaxSnapshotsPerConnection(4)
                .withHandshakeTimeoutMillis(300));
        good = connect();
        good.put(b("alive"), b("yes"));
    }

    @AfterEach
    void stop() throws IOException {
        good.close();
        server.close();
        engineDb.close();
    }

    RemoteDb connect() {
        return RemoteDb.connect(socket, dbPath, ClientOptions.defaults().withClientName("good"));
    }

    void assertGoodClientStillServed() {
        assertEquals("yes", s(good.get(b("alive"))));
    }

    @Test
    void tooManyIteratorsIsRefusedClearlyAndClosingOneMakesRoom() throws IOException {
        List<DBIterator> open = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            open.add(good.iterator());
        }
        LevelShareException e = assertThrows(LevelShareException.class, good::iterator);
        assertTrue(e.getMessage().contains("too many open iterators on this connection (limit 4)"), e.getMessage());
        open.remove(0).close();
        // ITERATOR_CLOSE is not awaited, but the server handles it before the next request on this connection.
        DBIterator again = good.iterator();
        again.seekToFirst();
        assertEquals("alive", s(again.next().getKey()));
        assertGoodClientStillServed();
    }

    @Test
    void tooManySnapshotsIsRefusedClearly() throws IOException {
        List<Snapshot> open = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            open.add(good.getSnapshot());
        }
        LevelShareException e = assertThrows(LevelShareException.class, good::getSnapshot);
        assertTrue(e.getMessage().contains("too many open snapshots on this connection (limit 4)"), e.getMessage());
        open.get(0).close();
        good.getSnapshot().close();
        assertGoodClientStillServed();
    }

    @Test
    void anOversizeRequestIsRefusedBeforeItIsSent() throws IOException {
        byte[] big = new byte[MAX_FRAME + 1];
        LevelShareException e = assertThrows(LevelShareException.class, () -> good.put(b("big"), big));
        assertTrue(e.getMessage().contains("exceeds the server's frame limit of " + MAX_FRAME), e.getMessage());
        try (WriteBatch batch = good.createWriteBatch()) {
            batch.put(b("a"), new byte[MAX_FRAME / 2]).put(b("b"), new byte[MAX_FRAME / 2]);
            assertThrows(LevelShareException.class, () -> good.write(batch));
        }
        assertGoodClientStillServed();
    }

    @Test
    void clientsThatGoAwayWithAnswersUnreadLogNoWarning() throws Exception {
        try (CapturedStderr log = new CapturedStderr()) {
            for (int i = 0; i < 20; i++) {
                // What a follower does at the end of its work: close an iterator (its answer is not awaited), then the DB.
                RemoteDb client = connect();
                DBIterator iterator = client.iterator();
                iterator.seekToFirst();
                iterator.close();
                client.close();
            }
            for (int i = 0; i < 5; i++) {
                // Deterministically: two answers written in one flush, one read, then a close with the other unread,
                // which makes the kernel reset the connection.
                RawPeer peer = RawPeer.handshaken(socket, dbPath);
                byte[] two = concat(RawPeer.frame(Opcode.PING, 1, b("one")), RawPeer.frame(Opcode.PING, 2, b("two")));
                peer.send(two);
                assertEquals(1, peer.readFrame(WAIT).requestId);
                peer.close();
            }
            awaitConnections(1);
            assertGoodClientStillServed();
            String text = log.text();
            assertTrue(!text.contains("WARN") && !text.contains("Connection reset"),
                    "a client going away is not worth a warning:\n" + text);
        }
    }

    private void awaitConnections(int n) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (server.stats().connectionCount() != n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("connections: " + server.stats().connectionCount() + ", expected " + n);
            }
            Thread.sleep(5);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    @Test
    void anOversizeFrameFromARawPeerIsRefusedByIdAndTheConnectionStaysUsable() throws Exception {
        try (CapturedStderr log = new CapturedStderr(); RawPeer peer = RawPeer.handshaken(socket, dbPath)) {
            byte[] oversize = RawPeer.frame(Opcode.PUT, 7, new byte[MAX_FRAME + 100]);
            peer.send(oversize);
            RawPeer.RawFrame refused = peer.readFrame(WAIT);
            assertEquals(Opcode.ERROR, refused.opcode);
            assertEquals(7, refused.requestId);
            assertEquals(ErrorCode.FRAME_TOO_LARGE.code(), refused.errorCode());
            assertTrue(refused.errorMessage().contains("exceeds the frame limit of " + MAX_FRAME));
            log.awaitLine("exceeds the frame limit", WAIT);

            peer.send(RawPeer.frame(Opcode.PING, 8, b("still here")));
            RawPeer.RawFrame pong = peer.readFrame(WAIT);
            assertEquals(Opcode.OK, pong.opcode);
            assertEquals(8, pong.requestId);
            assertEquals("still here", new String(pong.payload, StandardCharsets.UTF_8));
        }
        assertGoodClientStillServed();
    }

    @Test
    void garbageInsteadOfAPreambleIsDroppedWithOneLogLine() throws Exception {
        try (CapturedStderr log = new CapturedStderr(); RawPeer peer = RawPeer.connect(socket)) {
            peer.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(peer.closedByServerWithin(WAIT));
            String line = log.awaitLine("is not a levelshare client", WAIT);
            assertTrue(line.contains("47 45 54 20") || line.contains("47455420"), line);
        }
        assertGoodClientStillServed();
    }

    @Test
    void aWrongProtocolVersionIsToldSoAndDropped() throws Exception {
        try (CapturedStderr log = new CapturedStderr(); RawPeer peer = RawPeer.connect(socket)) {
            peer.send(RawPeer.preamble(9));
            RawPeer.RawFrame refusal = peer.readFrame(WAIT);
            assertEquals(Opcode.ERROR, refusal.opcode);
            assertEquals(ErrorCode.HANDSHAKE_REFUSED.code(), refusal.errorCode());
            assertTrue(refusal.errorMessage().contains("protocol version 9 is not supported"), refusal.errorMessage());
            assertTrue(peer.closedByServerWithin(WAIT));
            log.awaitLine("speaks protocol version 9", WAIT);
        }
        assertGoodClientStillServed();
    }

    @Test
    void aClientAskingForAnotherDbIsRefusedClearly() {
        LevelShareException e = assertThrows(LevelShareException.class,
                () -> RemoteDb.connect(socket, "/some/other/db", ClientOptions.defaults()));
        assertTrue(e.getMessage().contains("this socket serves " + dbPath + ", not /some/other/db"), e.getMessage());
        assertGoodClientStillServed();
    }

    @Test
    void aSilentPeerIsDisconnectedAfterTheHandshakeTimeout() throws Exception {
        try (CapturedStderr log = new CapturedStderr(); RawPeer peer = RawPeer.connect(socket)) {
            assertTrue(peer.closedByServerWithin(WAIT));
            log.awaitLine("sent no levelshare handshake within 300 ms", WAIT);
        }
        assertGoodClientStillServed();
    }

    @Test
    void anUnknownOpcodeIsRefusedByIdAndTheConnectionStaysUsable() throws Exception {
        try (CapturedStderr log = new CapturedStderr(); RawPeer peer = RawPeer.handshaken(socket, dbPath)) {
            peer.send(RawPeer.frame((byte) 99, 5, new byte[3]));
            RawPeer.RawFrame refused = peer.readFrame(WAIT);
            assertEquals(5, refused.requestId);
            assertEquals(ErrorCode.UNKNOWN_OPCODE.code(), refused.errorCode());
            log.awaitLine("unknown request opcode 99", WAIT);
            peer.send(RawPeer.frame(Opcode.PING, 6, new byte[0]));
            assertEquals(Opcode.OK, peer.readFrame(WAIT).opcode);
        }
        assertGoodClientStillServed();
    }

    @Test
    void aMalformedPayloadIsRefusedByIdAndTheConnectionStaysUsable() throws Exception {
        try (RawPeer peer = RawPeer.handshaken(socket, dbPath)) {
            // GET: read options, then a key whose length field claims more bytes than the frame has.
            ByteBuffer payload = ByteBuffer.allocate(9 + 4 + 2);
            payload.put((byte) 1).putLong(0).putInt(1000).put((byte) 'a').put((byte) 'b');
            peer.send(RawPeer.frame(Opcode.GET, 11, payload.array()));
            RawPeer.RawFrame refused = peer.readFrame(WAIT);
            assertEquals(11, refused.requestId);
            assertEquals(ErrorCode.MALFORMED_REQUEST.code(), refused.errorCode());
            assertTrue(refused.errorMessage().contains("does not fit"), refused.errorMessage());
            peer.send(RawPeer.frame(Opcode.PING, 12, new byte[0]));
            assertEquals(12, peer.readFrame(WAIT).requestId);
        }
        assertGoodClientStillServed();
    }

    @Test
    void aFrameLengthBelowTheHeaderClosesOnlyThatConnection() throws Exception {
        try (CapturedStderr log = new CapturedStderr(); RawPeer peer = RawPeer.handshaken(socket, dbPath)) {
            peer.send(new byte[] {0, 0, 0, 2, 1, 2, 3, 4, 5, 6});
            assertTrue(peer.closedByServerWithin(WAIT));
            log.awaitLine("below the minimum", WAIT);
        }
        assertGoodClientStillServed();
    }

    @Test
    void aPeerThatHangsUpMidFrameIsLoggedAndForgotten() throws Exception {
        try (CapturedStderr log = new CapturedStderr()) {
            RawPeer peer = RawPeer.handshaken(socket, dbPath);
            byte[] whole = RawPeer.frame(Opcode.PUT, 3, new byte[200]);
            byte[] half = java.util.Arrays.copyOf(whole, 100);
            peer.send(half);
            peer.close();
            log.awaitLine("disconnected in the middle of a frame", WAIT);
        }
        assertGoodClientStillServed();
    }

    @Test
    void aDisconnectingClientFreesEveryIteratorAndSnapshotItHeld() throws Exception {
        RemoteDb leaving = connect();
        leaving.iterator().seekToFirst();
        leaving.iterator();
        leaving.getSnapshot();
        assertEquals(2, server.stats().openIterators());
        assertEquals(1, server.stats().openSnapshots());
        leaving.close();
        awaitTrue(() -> server.stats().openIterators() == 0 && server.stats().openSnapshots() == 0
                && server.stats().connectionCount() == 1);
        assertGoodClientStillServed();
    }

    @Test
    void aClientLeavingCompactionsSuspendedHasThemResumed() throws Exception {
        RemoteDb leaving = connect();
        leaving.suspendCompactions();
        try (CapturedStderr log = new CapturedStderr()) {
            leaving.close();
            log.awaitLine("resuming them", WAIT);
        }
        // If the suspension were left behind, this compaction would never finish.
        good.compactRange(null, null);
        assertGoodClientStillServed();
    }

    static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + WAIT);
            }
            Thread.sleep(5);
        }
    }
}
