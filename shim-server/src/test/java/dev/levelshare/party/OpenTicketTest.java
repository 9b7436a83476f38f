package dev.levelshare.party;

import dev.levelshare.os.SocketPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One ticket per directory among processes: held by one, free again when it is released or its holder dies. */
class OpenTicketTest {
    @TempDir
    Path temp;

    @Test
    void aTicketHeldByAnotherProcessIsRefusedUntilThatProcessDies() throws Exception {
        SocketPaths sockets = new SocketPaths(temp.resolve("s"));
        sockets.ensureSocketDir();
        Path file = sockets.socketDir().resolve(OpenTicket.FILE_NAME);
        java.nio.file.Files.createFile(file);
        // POSIX record locks belong to a process: the other holder must be another process (a small JVM).
        Process holder = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), TicketHolder.class.getName(), file.toString(),
                Long.toString(OpenTicket.offsetOf("/data/a"))).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(),
                    StandardCharsets.UTF_8));
            assertEquals("holding", out.readLine());

            assertNull(OpenTicket.tryTake(sockets, "/data/a"), "the other process holds /data/a's ticket");
            OpenTicket other = OpenTicket.tryTake(sockets, "/data/b");
            assertNotNull(other, "another directory has its own ticket");
            assertTrue(other.isReal());

            holder.destroyForcibly();
            assertTrue(holder.waitFor(10, TimeUnit.SECONDS));
            OpenTicket mine = OpenTicket.tryTake(sockets, "/data/a");
            assertNotNull(mine, "a dead holder's ticket is free");
            assertNull(OpenTicket.tryTake(sockets, "/data/a"), "held by this process now (another core would wait)");
            mine.release();
            OpenTicket again = OpenTicket.tryTake(sockets, "/data/a");
            assertNotNull(again, "free again once released");
            again.release();
            other.release();
        } finally {
            holder.destroyForcibly();
        }
    }

    @Test
    void withoutAUsableSocketDirectoryTheOpenIsTriedWithoutATicket() throws Exception {
        Path notADirectory = java.nio.file.Files.createFile(temp.resolve("plain-file"));
        OpenTicket none = OpenTicket.tryTake(new SocketPaths(notADirectory), "/data/a");
        assertNotNull(none);
        assertTrue(!none.isReal());
        none.release();
    }

    /** Holds one byte's lock of a file until killed. */
    public static final class TicketHolder {
        public static void main(String[] args) throws Exception {
            java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(Paths.get(args[0]),
                    java.nio.file.StandardOpenOption.WRITE);
            channel.lock(Long.parseLong(args[1]), 1, false);
            System.out.println("holding");
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
