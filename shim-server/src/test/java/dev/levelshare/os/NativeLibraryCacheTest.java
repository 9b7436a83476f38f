package dev.levelshare.os;

import dev.levelshare.config.Settings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NativeLibraryCacheTest {
    @TempDir Path temp;
    private String saved;

    @BeforeEach
    void clearProperty() {
        saved = System.clearProperty(NativeLibraryCache.PATH_PROPERTY);
    }

    @AfterEach
    void restoreProperty() {
        if (saved == null) {
            System.clearProperty(NativeLibraryCache.PATH_PROPERTY);
        } else {
            System.setProperty(NativeLibraryCache.PATH_PROPERTY, saved);
        }
    }

    private SocketPaths sockets() {
        return SocketPaths.fromSettings(Settings.withExplicit(Map.of("socketDir", temp.resolve("s").toString())));
    }

    @Test
    void theLibraryIsCopiedOncePerContentIntoAnOwnerOnlyDirectoryAndNamedForHawtjni() throws Exception {
        ClassLoader loader = getClass().getClassLoader();
        Path dir = NativeLibraryCache.prepare(loader, sockets());
        assertNotNull(dir, "leveldbjni-all is on the test class path");
        assertEquals(dir.toString(), System.getProperty(NativeLibraryCache.PATH_PROPERTY));
        Path library = dir.resolve("libleveldbjni.so");
        long size;
        try (var in = loader.getResourceAsStream("META-INF/native/linux64/libleveldbjni.so")) {
            size = in.readAllBytes().length;
        }
        assertEquals(size, Files.size(library), "the whole library");
        assertTrue(dir.startsWith(temp.resolve("s").resolve("native")), dir.toString());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.getParent())));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no partial copy left");
        }

        Object copied = Files.getAttribute(library, "unix:ino");
        System.clearProperty(NativeLibraryCache.PATH_PROPERTY);
        assertEquals(dir, NativeLibraryCache.prepare(loader, sockets()), "the same content, the same directory");
        assertEquals(copied, Files.getAttribute(library, "unix:ino"), "not copied again");
    }

    @Test
    void aCopyLeftHalfDoneByAKilledJvmIsRemovedByTheNextOneButACopyUnderWayIsNot() throws Exception {
        ClassLoader loader = getClass().getClassLoader();
        Path dir = NativeLibraryCache.prepare(loader, sockets());
        Path killed = Files.write(dir.resolve("libleveldbjni.so1234.partial"), new byte[4096]);
        Files.setLastModifiedTime(killed, java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minus(java.time.Duration.ofHours(1))));
        Path underWay = Files.write(dir.resolve("libleveldbjni.so5678.partial"), new byte[4096]);
        System.clearProperty(NativeLibraryCache.PATH_PROPERTY);

        assertEquals(dir, NativeLibraryCache.prepare(loader, sockets()), "the library itself was there already");
        assertTrue(Files.notExists(killed), "an hour-old partial copy is a dead JVM's");
        assertTrue(Files.exists(underWay), "a fresh one may be another JVM's copy in progress");
        assertTrue(Files.exists(dir.resolve("libleveldbjni.so")));
    }

    @Test
    void anAppsOwnPathStands() throws Exception {
        System.setProperty(NativeLibraryCache.PATH_PROPERTY, "/opt/app/native");
        assertNull(NativeLibraryCache.prepare(getClass().getClassLoader(), sockets()));
        assertEquals("/opt/app/native", System.getProperty(NativeLibraryCache.PATH_PROPERTY));
        assertTrue(Files.notExists(temp.resolve("s").resolve("native")));
    }
}
