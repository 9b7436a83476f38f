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
 * path and its {@link DirectoryIdentity id}: {@code <socketDir>/<first 128 bits of SHA-256(path NUL id), hex>.sock}.
 * The hash keeps the path short for directories of any length and distinct for directories that share a long prefix;
 * the id keeps a directory made again at the same path apart from the one deleted there, whose leader may still serve
 * the handles that opened it. The socket directory is private to its user (0700), so other users cannot reach the
 * socket.
 */
public final class SocketPaths {
    /**
     * The longest socket path every transport here accepts: Linux's {@code sun_path} holds 108 bytes with the
     * terminator, and the JDK's Unix-domain channels (the client on Java 16+) refuse more than 106.
     */
    public static final int MAX_SOCKET_PATH_BYTES = 106;

    private final Path socketDir;

    public SocketPaths(Path socketDir) {
        this.socketDir = socketDir.toAbsolutePath().normalize();
    }

    /** The socket directory from the {@code socketDir} setting, else {@code /tmp/levelshare-<uid>}. */
    public static SocketPaths fromSettings(Settings settings) {
        String configured = settings.socketDir();
        return new SocketPaths(configured != null ? Paths.get(configured)
                : Paths.get("/tmp", "levelshare-" + CurrentProcess.uid()));
    }

    public Path socketDir() {
        return socketDir;
    }

    /** The socket for the DB directory at {@code dbDir} now (canonicalised, its id read). */
    public Path socketFor(File dbDir) throws IOException {
        String canonical = canonicalPath(dbDir);
        return socketFor(canonical, DirectoryIdentity.read(Paths.get(canonical)));
    }

    /**
     * The socket for the directory {@code directoryId} at {@code canonicalDbPath}; a null id (a directory without one,
     * which nobody serves yet) gives the path's own socket.
     */
    public Path socketFor(String canonicalDbPath, String directoryId) {
        Path socket = socketDir.resolve(hash(DirectoryKey.of(canonicalDbPath, directoryId)) + ".sock");
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
        if (dbDir == null) {
            throw new IllegalArgumentException("levelshare: the DB directory is null");
        }
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
