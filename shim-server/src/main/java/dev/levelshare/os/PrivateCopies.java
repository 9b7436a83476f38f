package dev.levelshare.os;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Set;

/**
 * Files that code is loaded from (the agent's core jar, leveldbjni's native library), copied into levelshare's private
 * directory once per content and shared by every JVM of the user. Only JDK classes: the agent uses this before any
 * other levelshare code loads.
 */
public final class PrivateCopies {
    private PrivateCopies() {}

    /** Code is loaded from {@code dir}: nobody but its owner may write there. */
    public static void requireNotWritableByOthers(Path dir) throws IOException {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dir);
        if (permissions.contains(PosixFilePermission.GROUP_WRITE) || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new IOException("levelshare directory " + dir + " is writable by other users ("
                    + PosixFilePermissions.toString(permissions) + "); refusing to load code from it");
        }
    }

    /**
     * Copies {@code in} to {@code target} under a temporary name in the same directory (owner-only), then renames it: a
     * process that opens {@code target} sees all of it or none, and a racing copy of the same content is replaced.
     */
    public static void copyByRename(InputStream in, Path target) throws IOException {
        Path partial = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".partial");
        try {
            try (OutputStream out = Files.newOutputStream(partial)) {
                in.transferTo(out);
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /**
     * Removes the files in {@code dir} matching {@code glob}, other than {@code keep} (may be null), last modified before
     * {@code before}. Best effort: a file another JVM removed first, or one that cannot be removed, is only disk space.
     */
    public static void removeOlderThan(Path dir, String glob, Instant before, Path keep) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, glob)) {
            for (Path file : files) {
                try {
                    if (!file.equals(keep)
                            && Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(before)) {
                        Files.deleteIfExists(file);
                    }
                } catch (IOException e) {
                    // removed by another JVM first, or not removable: nothing to do about it here
                }
            }
        } catch (IOException e) {
            // cannot list: nothing removed this time
        }
    }
}
