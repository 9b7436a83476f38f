package dev.levelshare.agent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Unpacked cores of other versions go once unused for a day; the current one, recent ones and other files stay. */
class EmbeddedCoreTest {
    @TempDir
    Path dir;

    private Path file(String name, Instant modified) throws Exception {
        Path p = Files.createFile(dir.resolve(name));
        Files.setLastModifiedTime(p, FileTime.from(modified));
        return p;
    }

    @Test
    void removesOnlyOtherCoresUnusedSinceTheCutOff() throws Exception {
        Instant now = Instant.now();
        Instant longAgo = now.minus(EmbeddedCore.UNUSED_FOR).minusSeconds(60);
        Path current = file("core-0000abcd-100.jar", longAgo);
        Path oldVersion = file("core-00001234-90.jar", longAgo);
        Path recentlyUsed = file("core-00005678-95.jar", now.minusSeconds(60));
        Path abandonedPartial = file("core-12345.partial", longAgo);
        Path socket = file("0123456789abcdef.sock", longAgo);

        EmbeddedCore.removeUnused(dir, current, now.minus(EmbeddedCore.UNUSED_FOR));

        assertTrue(Files.exists(current), "the core this JVM uses");
        assertFalse(Files.exists(oldVersion), "another version's core unused for over a day");
        assertTrue(Files.exists(recentlyUsed), "another version's core a JVM started with an hour ago");
        assertFalse(Files.exists(abandonedPartial), "a partial unpack left by a killed JVM");
        assertTrue(Files.exists(socket), "not a core");
    }
}
