package dev.levelshare.party;

import dev.levelshare.os.SocketPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A follower's rehearsal really serves and answers, and leaves nothing behind but other live processes' sockets. */
class ServerRehearsalTest {
    @TempDir
    Path temp;

    @Test
    void rehearsesARoundTripAndCleansUpAfterItselfAndDeadProcesses() throws Exception {
        Path sockets = temp.resolve("sockets");
        SocketPaths paths = new SocketPaths(sockets);
        paths.ensureSocketDir();
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path deadLeftover = Files.createFile(sockets.resolve("rehearsal-" + gone.pid() + ".sock"));
        long alive = ProcessHandle.current().parent().orElseThrow().pid();
        Path liveOnes = Files.createFile(sockets.resolve("rehearsal-" + alive + ".sock"));
        Path notOurs = Files.createFile(sockets.resolve("rehearsal-notes.sock"));

        assertTrue(ServerRehearsal.rehearse(paths, dev.levelshare.transport.Polling.ofMicros(50)), "a client was answered by the rehearsal server");

        assertFalse(Files.exists(deadLeftover), "the socket of a process that died mid-rehearsal is removed");
        assertTrue(Files.exists(liveOnes), "a live process's rehearsal socket is left alone");
        assertTrue(Files.exists(notOurs), "a file that only looks like one is left alone");
        try (Stream<Path> left = Files.list(sockets)) {
            assertEquals(2, left.count(), "this rehearsal's own socket is removed");
        }
    }
}
