package dev.levelshare.agent;

import dev.levelshare.config.Settings;
import dev.levelshare.os.PrivateCopies;
import dev.levelshare.os.SocketPaths;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The core (Byte Buddy, Netty, slf4j and levelshare's own classes, relocated) travels inside the agent jar as one
 * uncompressed jar, so the agent jar compresses it as a whole (class files share most of their strings, so this is
 * much smaller than compressing each class). It is unpacked once per version into levelshare's private directory
 * ({@code /tmp/levelshare-<uid>}, mode 0700, the socket directory) and loaded from there by ordinary class loaders.
 */
final class EmbeddedCore {
    static final String ENTRY = "dev/levelshare/agent/levelshare-core.jar";
    /** How long an unpacked core of another version may go unused before a new version removes it. */
    static final Duration UNUSED_FOR = Duration.ofDays(1);
    private static URL jar;

    private EmbeddedCore() {}

    static synchronized URL jar() throws IOException {
        if (jar == null) {
            jar = unpack().toUri().toURL();
        }
        return jar;
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
        PrivateCopies.requireNotWritableByOthers(privateDir.socketDir()); // its owner was checked by ensureSocketDir
        try (JarFile outer = new JarFile(agentJar)) {
            JarEntry entry = outer.getJarEntry(ENTRY);
            if (entry == null) {
                throw new IOException(agentJar + " has no " + ENTRY + ": not a complete levelshare agent jar");
            }
            // Named by content (CRC and size from the jar's directory): unpacked once, reused by every JVM after.
            Path target = privateDir.socketDir().resolve(String.format("core-%08x-%d.jar", entry.getCrc(),
                    entry.getSize()));
            if (Files.isRegularFile(target) && Files.size(target) == entry.getSize()) {
                // Marks it as in use, so that another version's agent does not remove it (see removeUnused).
                Files.setLastModifiedTime(target, FileTime.from(Instant.now()));
                return target;
            }
            try (InputStream in = outer.getInputStream(entry)) {
                PrivateCopies.copyByRename(in, target); // a partial copy is named core-*.partial (see removeUnused)
            }
            // A new version was unpacked: earlier versions' cores (~7 MB each) would otherwise pile up forever.
            removeUnused(privateDir.socketDir(), target, Instant.now().minus(UNUSED_FOR));
            return target;
        }
    }

    /**
     * Removes the unpacked cores (and partial unpacks) other than {@code keep} that no JVM has started with since
     * {@code unusedSince}: each start touches its core. A JVM still running on a removed core is not affected (it
     * holds the file open), and one that starts later on that version unpacks it again.
     */
    static void removeUnused(Path dir, Path keep, Instant unusedSince) {
        PrivateCopies.removeOlderThan(dir, "core-*.{jar,partial}", unusedSince, keep);
    }
}
