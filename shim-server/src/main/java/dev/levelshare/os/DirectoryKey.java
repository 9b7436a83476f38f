package dev.levelshare.os;

/**
 * What names one DB directory among every directory that was ever at a path: the canonical path and the
 * directory's {@link DirectoryIdentity id}. Sockets, open tickets and this JVM's claims are all keyed by it.
 */
public final class DirectoryKey {
    private DirectoryKey() {}

    /** The key of directory {@code directoryId} at {@code canonicalPath}; a null id gives the path alone. */
    public static String of(String canonicalPath, String directoryId) {
        return directoryId == null ? canonicalPath : canonicalPath + '\0' + directoryId;
    }
}
