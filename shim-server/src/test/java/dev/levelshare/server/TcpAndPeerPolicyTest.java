package dev.levelshare.server;

import dev.levelshare.LevelShareException;
import dev.levelshare.client.ClientOptions;
import dev.levelshare.client.Endpoint;
import dev.levelshare.client.RemoteDb;
import dev.levelshare.os.CurrentProcess;
import dev.levelshare.os.TokenFile;
import dev.levelshare.protocol.ErrorCode;
import dev.levelshare.protocol.Hello;
import dev.levelshare.protocol.Opcode;
import dev.levelshare.protocol.ServerStatus;
import dev.levelshare.testing.CapturedStderr;
import dev.levelshare.testing.RawPeer;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.fusesource.leveldbjni.JniDBFactory;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.Options;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Collections;

import static dev.levelshare.testing.Bytes.b;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TCP is reachable only with the token; the Unix socket only by the users the policy admits. */
class TcpAndPeerPolicyTest {
    private static final byte[] TOKEN = "0123456789abcdef-secret".getBytes(StandardCharsets.UTF_8);
    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path temp;

    private DB engine;
    private DbServer server;
    private String dbPath;

    private DbServer serve(ServerOptions options) throws IOException {
        engine = JniDBFactory.factory.open(temp.resolve("db").toFile(), new Options().createIfMissing(true));
        dbPath = temp.resolve("db").toFile().getCanonicalPath();
        server = DbServer.start(engine, dbPath, temp.resolve("s.sock"), options);
        return server;
    }

    private DbServer serveTcp() throws IOException {
        return serve(ServerOptions.defaults().withTcp(new InetSocketAddress("127.0.0.1", 0), TOKEN));
    }

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void tcpClientWithTheTokenIsServedWhateverDbItIs() throws IOException {
        serveTcp();
        try (RemoteDb db = RemoteDb.connect(Endpoint.tcp(server.tcpAddress(), TOKEN), Hello.ANY_DB,
                ClientOptions.defaults().withClientName("tcp-client"))) {
            assertEquals(dbPath, db.server().dbPath);
            db.put(b("over"), b("tcp"));
            assertArrayEquals(b("tcp"), db.get(b("over")));
            ServerStatus.Client me = db.status().clients.get(0);
            assertTrue(me.peer.startsWith("tcp peer /127.0.0.1:"), me.peer);
            assertEquals(CurrentProcess.pid(), me.pid, "the pid a TCP client reports in HELLO");
        }
    }

    @Test
    void tcpClientWithATokenFileConnectsAndTheFileMustBePrivate() throws IOException {
        serveTcp();
        Path tokenFile = temp.resolve("token");
        Files.write(tokenFile, ("  " + new String(TOKEN, StandardCharsets.UTF_8) + "\n").getBytes(StandardCharsets.UTF_8));
        Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-------"));
        try (RemoteDb db = RemoteDb.connectTcp("127.0.0.1:" + server.tcpAddress().getPort(), tokenFile)) {
            db.put(b("k"), b("v"));
        }
        Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-r--r--"));
        IOException readable = assertThrows(IOException.class, () -> TokenFile.read(tokenFile));
        assertTrue(readable.getMessage().contains("chmod 600"), readable.getMessage());
        Path shortToken = temp.resolve("short");
        Files.write(shortToken, b("abc"));
        Files.setPosixFilePermissions(shortToken, PosixFilePermissions.fromString("rw-------"));
        assertTrue(assertThrows(IOException.class, () -> TokenFile.read(shortToken)).getMessage()
                .contains("at least 16"));
    }

    @Test
    void wrongTokenIsRefusedLoggedAndLearnsNothingAndOthersKeepWorking() throws Exception {
        serveTcp();
        try (CapturedStderr log = new CapturedStderr();
             RemoteDb good = RemoteDb.connect(Endpoint.tcp(server.tcpAddress(), TOKEN), Hello.ANY_DB,
                     ClientOptions.defaults())) {
            byte[] wrong = TOKEN.clone();
            wrong[wrong.length - 1] ^= 1;
            LevelShareException refused = assertThrows(dev.levelshare.AccessRefusedException.class,
                    () -> RemoteDb.connect(Endpoint.tcp(server.tcpAddress(), wrong), Hello.ANY_DB,
                            ClientOptions.defaults()));
            assertTrue(refused.getMessage().contains("wrong token"), refused.getMessage());
            assertFalse(refused.getMessage().contains(dbPath), "the refusal must not reveal the DB: " + refused.getMessage());
            log.awaitLine("refused: wrong token", WAIT);
            assertEquals(1, server.stats().refusedPeers());
            good.put(b("still"), b("served"));
            assertArrayEquals(b("served"), good.get(b("still")));
        }
    }

    @Test
    void tcpPeerThatSkipsTheTokenIsRefusedBeforeTheHandshake() throws IOException {
        serveTcp();
        try (RawPeer peer = RawPeer.connect(server.tcpAddress())) {
            peer.send(RawPeer.preamble(dev.levelshare.protocol.FrameLayout.PROTOCOL_VERSION));
            io.netty.buffer.ByteBuf hello = Unpooled.buffer();
            new Hello.ClientHello(dbPath, 1, "no-token").writeTo(hello);
            peer.send(RawPeer.frame(Opcode.HELLO, 7, ByteBufUtil.getBytes(hello)));
            RawPeer.RawFrame reply = peer.readFrame(WAIT);
            assertEquals(Opcode.ERROR, reply.opcode);
            assertEquals(ErrorCode.ACCESS_REFUSED.code(), reply.errorCode());
            assertTrue(reply.errorMessage().contains("expected AUTH"), reply.errorMessage());
            assertFalse(reply.errorMessage().contains(dbPath));
            assertTrue(peer.closedByServerWithin(WAIT));
        }
    }

    /**
     * A refused peer that keeps writing (its hello, a pipelined request) must still read why it was refused. Closing
     * with its bytes unread here would reset the connection, and a reset throws away the refusal before it is read.
     */
    @Test
    void aRefusedPeerThatKeepsSendingStillReadsTheRefusal() throws Exception {
        serveTcp();
        try (CapturedStderr log = new CapturedStderr(); RawPeer peer = RawPeer.connect(server.tcpAddress())) {
            byte[] wrong = TOKEN.clone();
            wrong[0] ^= 1;
            ByteArrayOutputStream burst = new ByteArrayOutputStream();
            burst.write(RawPeer.preamble(dev.levelshare.protocol.FrameLayout.PROTOCOL_VERSION));
            burst.write(RawPeer.frame(Opcode.AUTH, 3, lengthPrefixed(wrong)));
            byte[] more = new byte[64 * 1024];
            burst.write(more);
            peer.send(burst.toByteArray());
            log.awaitLine("refused: wrong token", WAIT);
            peer.send(more); // after the refusal: still read (and dropped) by the server
            RawPeer.RawFrame reply = peer.readFrame(WAIT);
            assertEquals(ErrorCode.ACCESS_REFUSED.code(), reply.errorCode());
            assertEquals(3, reply.requestId);
            assertTrue(reply.errorMessage().contains("wrong token"), reply.errorMessage());
            assertTrue(peer.closedByServerWithin(WAIT));
            assertEquals(1, server.stats().refusedPeers(), "one refusal, however many frames followed it");
        }
    }

    private static byte[] lengthPrefixed(byte[] bytes) {
        io.netty.buffer.ByteBuf buf = Unpooled.buffer();
        dev.levelshare.protocol.Wire.writeBytes(buf, bytes);
        return ByteBufUtil.getBytes(buf);
    }

    @Test
    void unixSocketIsOwnerOnlyUnlessThePolicyAdmitsOthers() throws IOException {
        serve(ServerOptions.defaults());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(server.socketPath())));
        server.close();
        engine.close();
        serve(ServerOptions.defaults().withPeerPolicy(PeerPolicy.sameUserOnly().allowingUids(
                Collections.singleton(65534))));
        assertEquals("rw-rw-rw-", PosixFilePermissions.toString(Files.getPosixFilePermissions(server.socketPath())));
        try (RemoteDb own = RemoteDb.connect(server.socketPath(), dbPath, ClientOptions.defaults())) {
            own.put(b("own"), b("user")); // the serving user is always admitted
        }
    }

    @Test
    void policyAdmitsTheServingUserListedUidsAndMembersOfListedGroups() {
        int me = CurrentProcess.uid();
        long pid = CurrentProcess.pid();
        PeerPolicy own = PeerPolicy.sameUserOnly();
        assertTrue(own.admits(pid, me, new int[0]));
        assertFalse(own.admits(pid, me + 4242, new int[0]));
        assertFalse(own.admitsOtherUsers());

        PeerPolicy listed = own.allowing("4242, 4343", null);
        assertTrue(listed.admits(pid, 4343, new int[0]));
        assertFalse(listed.admits(pid, 4444, new int[0]));
        assertTrue(listed.admitsOtherUsers());

        PeerPolicy byGroup = own.allowing(null, "777");
        assertTrue(byGroup.admits(-1, 4444, new int[] {777}), "primary group from the peer credentials");
        assertFalse(byGroup.admits(-1, 4444, new int[] {778}));
        assertThrows(IllegalArgumentException.class, () -> own.allowing("nobody", null));
        assertThrows(IllegalArgumentException.class, () -> own.allowing(null, "no-such-group-levelshare"));
    }
}
