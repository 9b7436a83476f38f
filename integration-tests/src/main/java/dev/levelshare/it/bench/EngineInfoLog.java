package dev.levelshare.it.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Reads the moments of an open's recovery from LevelDB's info log ({@code LOG}, one line per event, local time with
 * µs): "Recovering log #N" is written right after the open took the DB's lock, "Delete type=0 #N" (the recovered log)
 * at the end of the open.
 */
final class EngineInfoLog {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy/MM/dd-HH:mm:ss.SSSSSS");

    private EngineInfoLog() {}

    /** {lock taken, recovery done} in epoch µs, from the info log of the latest open of {@code db}. */
    static long[] recovery(Path db, long timeoutSeconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (true) {
            long recovering = 0;
            for (String line : lines(db.resolve("LOG"))) {
                if (line.contains(" Recovering log #")) {
                    recovering = epochMicros(line);
                } else if (recovering != 0 && line.contains(" Delete type=0 #")) {
                    return new long[] {recovering, epochMicros(line)};
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no recovery in " + db.resolve("LOG") + " after " + timeoutSeconds
                        + " s");
            }
            Thread.sleep(2); // the new leader's engine writes it: nothing to await but the file
        }
    }

    private static List<String> lines(Path log) throws IOException {
        try {
            return Files.readAllLines(log, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }

    private static long epochMicros(String line) {
        LocalDateTime at = LocalDateTime.parse(line.substring(0, 26), STAMP);
        return ChronoUnit.MICROS.between(java.time.Instant.EPOCH, at.atZone(ZoneId.systemDefault()).toInstant());
    }
}
