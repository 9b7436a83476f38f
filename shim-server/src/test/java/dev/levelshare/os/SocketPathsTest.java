package dev.levelshare.os;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SocketPathsTest {
    @TempDir
    Path temp;

    @Test
    void directoriesOfAnyLengthGetAShortSocketPath() throws Exception {
        String longName = "d".repeat(240);
        File dir = temp.resolve(longName).resolve(longName).toFile();
        Path socket = new SocketPaths(temp.resolve("sockets")).socketFor(dir);
        assertTrue(socket.toString().getBytes(StandardCharsets.UTF_8).length <= SocketPaths.MAX_SOCKET_PATH_BYTES);
    }

    @Test
    void directoriesSharingALongPrefixGetDifferentSockets() throws Exception {
        String prefix = temp.resolve("p".repeat(200)).toString();
        SocketPaths paths = new SocketPaths(temp.resolve("sockets"));
        assertNotEquals(paths.socketFor(new File(prefix + "/db-1")), paths.socketFor(new File(prefix + "/db-2")));
    }

    @Test
    void everySpellingOfOneDirectoryGetsTheSameSocket() throws Exception {
        Path db = Files.createDirectories(temp.resolve("db"));
        Files.createSymbolicLink(temp.resolve("link"), db);
        SocketPaths paths = new SocketPaths(temp.resolve("sockets"));
        Path expected = paths.socketFor(db.toFile());
        assertEquals(expected, paths.socketFor(new File(temp.toFile(), "x/../db")));
        assertEquals(expected, paths.socketFor(temp.resolve("link").toFile()));
    }

    @Test
    void theSocketDirectoryIsCreatedPrivate() throws Exception {
        SocketPaths paths = new SocketPaths(temp.resolve("a/b/sockets"));
        paths.ensureSocketDir();
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(paths.socketDir())));
        paths.ensureSocketDir(); // idempotent
    }

    @Test
    void aSocketDirectoryThatIsAFileIsRefused() throws Exception {
        Path file = Files.createFile(temp.resolve("notadir"));
        assertThrows(java.io.IOException.class, () -> new SocketPaths(file).ensureSocketDir());
    }

    @Test
    void aSocketPathOfTheLongestLengthEveryTransportAcceptsIsServedAndOneByteMoreIsRefused() throws Exception {
        String name = "0123456789abcdef0123456789abcdef.sock"; // what every socket name is: 128 bits in hex
        int dirLength = SocketPaths.MAX_SOCKET_PATH_BYTES - 1 - name.length();
        Path base = temp.toAbsolutePath();
        Path socketDir = base.resolve("d".repeat(dirLength - base.toString().length() - 1));
        assertEquals(dirLength, socketDir.toString().length());
        SocketPaths paths = new SocketPaths(socketDir);
        Path socket = paths.socketFor("/db", "id");
        assertEquals(SocketPaths.MAX_SOCKET_PATH_BYTES, socket.toString().getBytes(StandardCharsets.UTF_8).length);
        paths.ensureSocketDir();
        // The server binds it (Netty epoll) and the JDK's own Unix-domain client connects (the follower's, Java 16+).
        try (dev.levelshare.server.UnixListener listener = dev.levelshare.server.UnixListener.bind(socket,
                dev.levelshare.server.ServerOptions.defaults());
             java.nio.channels.SocketChannel client = java.nio.channels.SocketChannel.open(
                     java.net.UnixDomainSocketAddress.of(socket))) {
            assertTrue(client.isConnected());
        }
        SocketPaths longer = new SocketPaths(base.resolve("d".repeat(dirLength - base.toString().length())));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> longer.socketFor("/db", "id"));
        assertTrue(e.getMessage().contains("exceeds 106 bytes"), e.getMessage());
    }

    @Test
    void aTooLongSocketDirectoryIsRefusedWithAClearMessage() {
        SocketPaths paths = new SocketPaths(temp.resolve("s".repeat(120)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> paths.socketFor("/db", "0123"));
        assertTrue(e.getMessage().contains("choose a shorter socketDir"));
    }
}
