package dev.levelshare.os;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * The shared secret of a TCP sidecar and its clients: the file's contents with surrounding whitespace removed. Like
 * ssh with its keys, a token file other users can read is refused: the token is the only thing guarding TCP access.
 */
public final class TokenFile {
    /** Shorter tokens are refused: 16 random characters are the least that cannot be guessed over a socket. */
    public static final int MIN_TOKEN_BYTES = 16;

    private TokenFile() {}

    public static byte[] read(Path file) throws IOException {
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(file);
        } catch (NoSuchFileException e) {
            throw new IOException("levelshare: token file " + file + " does not exist");
        }
        if (permissions.contains(PosixFilePermission.GROUP_READ) || permissions.contains(PosixFilePermission.OTHERS_READ)) {
            throw new IOException("levelshare: token file " + file + " is readable by other users; run: chmod 600 "
                    + file);
        }
        if (!Files.isRegularFile(file)) {
            throw new IOException("levelshare: token file " + file + " is not a regular file");
        }
        byte[] token = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).trim()
                .getBytes(StandardCharsets.UTF_8);
        if (token.length < MIN_TOKEN_BYTES) {
            throw new IOException("levelshare: token in " + file + " is " + token.length + " bytes; use at least "
                    + MIN_TOKEN_BYTES + " random characters, e.g.: (umask 077; head -c 32 /dev/urandom | base64 > " + file + ")");
        }
        return token;
    }
}
