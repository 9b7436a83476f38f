package dev.levelshare.party;

import dev.levelshare.os.SocketPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.fusesource.leveldbjni.JniDBFactory;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.Options;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
        Path deadScratchDb = Files.createDirectory(sockets.resolve("rehearsal-" + gone.pid() + ".db"));
        Files.createFile(deadScratchDb.resolve("000003.log"));

        assertTrue(ServerRehearsal.rehearse(paths, dev.levelshare.transport.Polling.ofMicros(50)), "a client was answered by the rehearsal server");

        assertFalse(Files.exists(deadLeftover), "the socket of a process that died mid-rehearsal is removed");
        assertFalse(Files.exists(deadScratchDb), "the scratch DB of a process that died mid-rehearsal is removed");
        assertTrue(Files.exists(liveOnes), "a live process's rehearsal socket is left alone");
        assertTrue(Files.exists(notOurs), "a file that only looks like one is left alone");
        try (Stream<Path> left = Files.list(sockets)) {
            assertEquals(2, left.count(), "this rehearsal's own socket is removed");
        }
    }

    @Test
    void theEngineRehearsalOpensWritesRecoversAndDeletesItsScratchDb() throws Exception {
        File scratch = temp.resolve("rehearsal-1.db").toFile();
        List<File> opened = new ArrayList<>();
        DbOpener opener = new DbOpener() {
            @Override
            public DB open() {
                throw new AssertionError("the rehearsal never opens the shared DB");
            }

            @Override
            public DB openScratch(File dir) throws IOException {
                opened.add(dir);
                return JniDBFactory.factory.open(dir, new Options().createIfMissing(true));
            }
        };

        assertFalse(EngineRehearsal.rehearse(opener, scratch, Long.MAX_VALUE),
                "no rehearsal on a disk without the room an open needs");
        assertEquals(List.of(), opened, "nothing opened on a disk without room");

        assertTrue(EngineRehearsal.rehearse(opener, scratch, 0));

        assertEquals(List.of(scratch, scratch), opened, "opened, then reopened (a recovery of its log)");
        assertFalse(scratch.exists(), "the scratch DB is deleted");
        assertFalse(EngineRehearsal.rehearse(() -> null, scratch, 0),
                "an opener without scratch opens rehearses nothing");
    }
}
