package dev.levelshare.os;

import dev.levelshare.config.Settings;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Set;

/**
 * Where the socket serving a DB directory lives. Every process computes the same path from the directory's canonical
 * path: {@code <socketDir>/<first 128 bits of SHA-256(canonical path), hex>.sock}. The hash keeps the path short for
 * directories of any length (a Unix socket path holds at most ~107 bytes) and distinct for directories that share a
 * long prefix. The socket directory is private to its user (0700), so other users cannot reach the socket.
 */
public final class SocketPaths {
    /** Unix socket paths longer than this do not bind (sun_path is 108 bytes including the terminator). */
    public static final int MAX_SOCKET_PATH_BYTES = 107;

    private final Path socketDir;

    public SocketPaths(Path socketDir) {
        this.socketDir = socketDir.toAbsolutePath().normalize();
    }

    /** The socket directory from the {@code socketDir} setting, else {@code /tmp/levelshare-<uid>}. */
    public static SocketPaths fromSettings(Settings settings) {
        String configured = settings.get("socketDir", null);
        return new SocketPaths(configured != null ? Paths.get(configured)
                : Paths.get("/tmp", "levelshare-" + CurrentProcess.uid()));
    }

    public Path socketDir() {
        return socketDir;
    }

    /** The socket for a DB directory; the directory is canonicalised first. */
    public Path socketFor(File dbDir) throws IOException {
        return socketForCanonical(canonicalPath(dbDir));
    }

    public Path socketForCanonical(String canonicalDbPath) {
        Path socket = socketDir.resolve(hash(canonicalDbPath) + ".sock");
        if (socket.toString().getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH_BYTES) {
            throw new IllegalArgumentException("levelshare socket directory " + socketDir + " is too long: socket path "
                    + socket + " exceeds " + MAX_SOCKET_PATH_BYTES + " bytes; choose a shorter socketDir");
        }
        return socket;
    }

    /** Creates the socket directory (0700) if missing and checks that it is ours and private. */
    public void ensureSocketDir() throws IOException {
        Files.createDirectories(socketDir.getParent());
        ensureOwnDirectory(socketDir, "levelshare socket directory");
    }

    /**
     * {@code dir} (its parent must exist), created owner-only (0700) if missing; refused if it is not a directory this
     * user owns. {@code what} names it in the messages.
     */
    static Path ensureOwnDirectory(Path dir, String what) throws IOException {
        Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rwx------");
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(ownerOnly));
            Files.setPosixFilePermissions(dir, ownerOnly); // the umask may have removed bits we asked for
        } catch (FileAlreadyExistsException e) {
            // Checked below like any existing directory.
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(what + " " + dir + " exists but is not a directory");
        }
        int owner = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        if (owner != CurrentProcess.uid() && CurrentProcess.uid() >= 0) {
            throw new IOException(what + " " + dir + " belongs to uid " + owner + ", not to this process (uid "
                    + CurrentProcess.uid() + "); refusing to use it");
        }
        return dir;
    }

    /**
     * Lets other users traverse the socket directory (0711: they can reach a socket whose name they know, not list
     * the directory), for a leader whose policy admits other users. Each server still checks every peer's uid.
     */
    public void letOtherUsersReachSockets() throws IOException {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(socketDir, LinkOption.NOFOLLOW_LINKS);
        if (!permissions.contains(PosixFilePermission.OTHERS_EXECUTE)
                || !permissions.contains(PosixFilePermission.GROUP_EXECUTE)) {
            permissions.add(PosixFilePermission.GROUP_EXECUTE);
            permissions.add(PosixFilePermission.OTHERS_EXECUTE);
            Files.setPosixFilePermissions(socketDir, permissions);
        }
    }

    public static String canonicalPath(File dbDir) throws IOException {
        return dbDir.getCanonicalPath();
    }

    static String hash(String canonicalPath) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonicalPath.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder(32);
            for (int i = 0; i < 16; i++) {
                hex.append(Character.forDigit((digest[i] >> 4) & 0xf, 16)).append(Character.forDigit(digest[i] & 0xf, 16));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
