package dev.levelshare.os;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;

/**
 * Which directory a DB is: a random id kept in the file {@value #FILE_NAME} inside it, made by the first levelshare
 * process that opens or joins the directory. A DB is the directory it was opened in, not its path: test suites delete
 * a DB directory and make it again at the same path, and an open handle of the old directory must never start using
 * the new one. The path alone cannot tell them apart, and neither can the directory's inode: ext4 gives a directory
 * made right after another was deleted the same inode number. A random id in the directory goes with the directory.
 *
 * <p>LevelDB leaves files it does not know alone (its obsolete-file sweep only deletes names it parses as its own), so
 * the file lives beside the DB's. A directory levelshare cannot write to (another user's, read-only) is known by its
 * device and inode instead ({@code inode:...}), the best a process that cannot write there has.
 */
public final class DirectoryIdentity {
    /** The id file's name in a DB directory. */
    public static final String FILE_NAME = "LEVELSHARE-ID";
    private static final String HEADER = "levelshare directory id ";
    private static final SecureRandom RANDOM = new SecureRandom();

    private DirectoryIdentity() {}

    /** The id of the directory at {@code dir}; null if there is no directory or it has no id yet. Never writes. */
    public static String read(Path dir) {
        try {
            String text = new String(Files.readAllBytes(dir.resolve(FILE_NAME)), StandardCharsets.UTF_8);
            if (text.startsWith(HEADER) && text.endsWith("\n")) {
                return text.substring(HEADER.length(), text.length() - 1);
            }
            return null; // being written by a process that has not linked it yet cannot happen: see readOrCreate
        } catch (IOException e) {
            return Files.isDirectory(dir) && !Files.isWritable(dir) ? inodeId(dir) : null;
        }
    }

    /**
     * The id of the directory at {@code dir}, made now if it has none; null if there is no directory there. Processes
     * that make one at the same moment agree: the id file appears whole, by a hard link of a complete file, and the
     * first link wins.
     */
    public static String readOrCreate(Path dir) {
        String id = read(dir);
        if (id != null || !Files.isDirectory(dir)) {
            return id;
        }
        Path target = dir.resolve(FILE_NAME);
        Path draft = dir.resolve(FILE_NAME + "." + newId() + ".tmp");
        try {
            Files.write(draft, (HEADER + newId() + "\n").getBytes(StandardCharsets.UTF_8),
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            try {
                Files.createLink(target, draft);
            } catch (FileAlreadyExistsException e) {
                // another process made it first: theirs counts
            } catch (UnsupportedOperationException | IOException e) {
                if (!Files.exists(target)) {
                    Files.move(draft, target); // no hard links here: a rename, which fails if one appeared
                }
            }
        } catch (AccessDeniedException e) {
            return inodeId(dir);
        } catch (NoSuchFileException e) {
            return null; // the directory went away meanwhile
        } catch (IOException e) {
            return read(dir) != null ? read(dir) : inodeId(dir);
        } finally {
            try {
                Files.deleteIfExists(draft);
            } catch (IOException e) {
                // a leftover draft is harmless: nobody reads it
            }
        }
        return read(dir);
    }

    private static String newId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        StringBuilder hex = new StringBuilder(32);
        for (byte b : bytes) {
            hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return hex.toString();
    }

    private static String inodeId(Path dir) {
        try {
            Object key = Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            return key == null ? null : "inode:" + key;
        } catch (IOException e) {
            return null;
        }
    }
}
