package dev.levelshare.agent;

import dev.levelshare.config.Settings;
import dev.levelshare.os.SocketPaths;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The core (Byte Buddy, Netty, slf4j and levelshare's own classes, relocated) travels inside the agent jar as one
 * uncompressed jar, so the agent jar compresses it as a whole (class files share most of their strings: 40% smaller
 * than compressing each class). It is unpacked once per version into levelshare's private directory
 * ({@code /tmp/levelshare-<uid>}, mode 0700, the socket directory) and loaded from there by ordinary class loaders.
 */
final class EmbeddedCore {
    static final String ENTRY = "dev/levelshare/agent/levelshare-core.jar";
    private static URL jar;

    private EmbeddedCore() {}

    static synchronized URL jar() throws IOException {
        if (jar == null) {
            jar = unpack().toUri().toURL();
        }
        return jar;
    }

    /** Code is loaded from this directory: nobody but its owner (checked by ensureSocketDir) may write there. */
    private static void requireNotWritableByOthers(Path dir) throws IOException {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dir);
        if (permissions.contains(PosixFilePermission.GROUP_WRITE) || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new IOException("levelshare directory " + dir + " is writable by other users ("
                    + PosixFilePermissions.toString(permissions) + "); refusing to load code from it");
        }
    }

    private static Path unpack() throws IOException {
        File agentJar;
        try {
            agentJar = new File(EmbeddedCore.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException | RuntimeException e) {
            throw new IOException("cannot locate the levelshare agent jar", e);
        }
        SocketPaths privateDir = SocketPaths.fromSettings(Settings.fromSystem());
        privateDir.ensureSocketDir();
        requireNotWritableByOthers(privateDir.socketDir());
        try (JarFile outer = new JarFile(agentJar)) {
            JarEntry entry = outer.getJarEntry(ENTRY);
            if (entry == null) {
                throw new IOException(agentJar + " has no " + ENTRY + ": not a complete levelshare agent jar");
            }
            // Named by content (CRC and size from the jar's directory): unpacked once, reused by every JVM after.
            Path target = privateDir.socketDir().resolve(String.format("core-%08x-%d.jar", entry.getCrc(),
                    entry.getSize()));
            if (Files.isRegularFile(target) && Files.size(target) == entry.getSize()) {
                return target;
            }
            Path partial = Files.createTempFile(privateDir.socketDir(), "core-", ".partial");
            try (InputStream in = outer.getInputStream(entry)) {
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(partial);
            }
            return target;
        }
    }
}
