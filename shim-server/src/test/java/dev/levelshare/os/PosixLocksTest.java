package dev.levelshare.os;

import org.fusesource.leveldbjni.JniDBFactory;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class PosixLocksTest {
    @TempDir
    Path temp;

    @Test
    void parsesHoldersAndSkipsWaitersAndOtherFiles() {
        List<String> lines = List.of(
                "1: POSIX  ADVISORY  WRITE 4242 fd:01:1311249 0 EOF",
                "1: -> POSIX  ADVISORY  WRITE 5555 fd:01:1311249 0 EOF",
                "2: FLOCK  ADVISORY  WRITE 77 fd:01:99 0 EOF",
                "3: POSIX  ADVISORY  WRITE 88 08:02:1311249 0 EOF");
        assertEquals(OptionalLong.of(4242), PosixLocks.holderOf(lines, 1311249, 0xfd, 0x01));
        assertEquals(OptionalLong.of(88), PosixLocks.holderOf(lines, 1311249, 8, 2));
        assertFalse(PosixLocks.holderOf(lines, 42, 0xfd, 1).isPresent());
    }

    @Test
    void findsThisProcessHoldingAnOpenDbsLock() throws Exception {
        try (DB db = JniDBFactory.factory.open(temp.toFile(), new Options().createIfMissing(true))) {
            assertEquals(OptionalLong.of(ProcessHandle.current().pid()), PosixLocks.holderOf(temp.resolve("LOCK")));
        }
        assertFalse(PosixLocks.holderOf(temp.resolve("LOCK")).isPresent());
    }
}
