package dev.levelshare.testing;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** A LevelDB directory's write-ahead logs, as the next open finds them. */
public final class EngineLogs {
    private EngineLogs() {}

    /** Bytes in the directory's {@code *.log} files: what the next open of the DB replays. */
    public static long bytes(Path dir) throws IOException {
        long total = 0;
        try (DirectoryStream<Path> logs = Files.newDirectoryStream(dir, "*.log")) {
            for (Path log : logs) {
                total += Files.size(log);
            }
        }
        return total;
    }
}
