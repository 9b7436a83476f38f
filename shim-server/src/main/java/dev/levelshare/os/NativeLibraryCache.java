package dev.levelshare.os;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.jar.JarEntry;
import java.util.zip.CRC32;

/**
 * leveldbjni's native library, kept in the private socket directory once per content. leveldbjni 1.8 (hawtjni)
 * otherwise copies its 750 KB library into {@code java.io.tmpdir} in every JVM that loads it (running {@code chmod} as a
 * child process for it) and deletes the copy only when the JVM exits normally: every SIGKILLed leader or follower
 * leaves one behind (1,420 of them, 1 GB, on a machine that ran levelshare's tests for a day). Pointing hawtjni's
 * {@code library.leveldbjni.path} at a shared copy loads it from there, and nothing is left behind.
 *
 * <p>The copy lives under {@code <socketDir>/native/}, owned by this user and closed to others (a native library must
 * never come from a directory another user can write). Only JDK classes: the agent uses this before any engine loads.
 */
public final class NativeLibraryCache {
    /** hawtjni looks for {@code libleveldbjni.so} in the directory this system property names, before extracting. */
    public static final String PATH_PROPERTY = "library.leveldbjni.path";
    private static final String RESOURCE = "META-INF/native/linux64/libleveldbjni.so";
    private static final String FILE_NAME = "libleveldbjni.so";
    private static final Duration STALE_AFTER = Duration.ofMinutes(10);

    private NativeLibraryCache() {}

    /**
     * Points leveldbjni at a copy of the native library that {@code loader} would extract, made once per content under
     * the socket directory, unless the JVM already names a path (the app's choice stands) or is not 64-bit Linux (the
     * only platform whose library this handles). Call it before {@code JniDBFactory} initializes.
     *
     * @return the directory the property now names, or null if it was left alone
     */
    public static Path prepare(ClassLoader loader, SocketPaths sockets) throws IOException {
        if (System.getProperty(PATH_PROPERTY) != null || !System.getProperty("os.name", "").toLowerCase().contains("linux")
                || !"64".equals(System.getProperty("sun.arch.data.model"))) {
            return null;
        }
        URL resource = loader == null ? ClassLoader.getSystemResource(RESOURCE) : loader.getResource(RESOURCE);
        if (resource == null) {
            return null; // not leveldbjni-all's packaging: hawtjni finds its library as it always did
        }
        sockets.ensureSocketDir();
        PrivateCopies.requireNotWritableByOthers(sockets.socketDir());
        Path natives = SocketPaths.ensureOwnDirectory(sockets.socketDir().resolve("native"), "native library directory");
        Path dir = SocketPaths.ensureOwnDirectory(natives.resolve(identity(resource)), "native library directory");
        Path library = dir.resolve(FILE_NAME);
        // A JVM killed in the middle of its copy (which takes milliseconds) leaves a partial one, which would stay
        // forever: every later JVM finds the library and copies nothing.
        PrivateCopies.removeOlderThan(dir, FILE_NAME + "*.partial", Instant.now().minus(STALE_AFTER), null);
        if (!Files.isRegularFile(library, LinkOption.NOFOLLOW_LINKS)) {
            try (InputStream in = resource.openStream()) {
                PrivateCopies.copyByRename(in, library);
            }
        }
        System.setProperty(PATH_PROPERTY, dir.toString());
        return dir;
    }

    /** A name that changes with the library's content: its size and CRC-32, from the jar's directory when possible. */
    private static String identity(URL resource) throws IOException {
        URLConnection connection = resource.openConnection();
        if (connection instanceof JarURLConnection) {
            JarEntry entry = ((JarURLConnection) connection).getJarEntry();
            if (entry.getSize() >= 0 && entry.getCrc() >= 0) {
                return "leveldbjni-" + entry.getSize() + "-" + Long.toHexString(entry.getCrc());
            }
        }
        CRC32 crc = new CRC32();
        long size = 0;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = connection.getInputStream()) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                crc.update(buffer, 0, n);
                size += n;
            }
        }
        return "leveldbjni-" + size + "-" + Long.toHexString(crc.getValue());
    }
}
