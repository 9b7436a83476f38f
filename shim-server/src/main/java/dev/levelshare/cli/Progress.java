package dev.levelshare.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

/**
 * "dumped 1,234,000 entries" on stderr, rewritten in place a few times a second, while a long tool runs; only when
 * stderr is a terminal (a script's log gets no progress lines).
 */
final class Progress {
    private static final long EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    private final PrintStream err;
    private final String verb;
    private final boolean shown;
    private long lastShown = System.nanoTime();
    private boolean printed;

    private Progress(PrintStream err, String verb, boolean shown) {
        this.err = err;
        this.verb = verb;
        this.shown = shown;
    }

    static Progress onStderr(PrintStream err, String verb) {
        return new Progress(err, verb, err == System.err && stderrIsATerminal());
    }

    /** Counts {@code done} entries so far; prints at most every 250 ms. */
    void update(long done) {
        if (shown && (done & 1023) == 0) {
            long now = System.nanoTime();
            if (now - lastShown >= EVERY_NANOS) {
                lastShown = now;
                printed = true;
                err.printf("\r%s %,d entries", verb, done);
                err.flush();
            }
        }
    }

    /** Clears the progress line. */
    void done() {
        if (printed) {
            err.print("\r\033[K");
            err.flush();
        }
    }

    /**
     * For work that cannot count its steps (a compaction): a daemon thread that shows the time spent every second,
     * until interrupted; null when stderr is not a terminal.
     */
    static Thread ticker(PrintStream err, String verb, long startedNanos) {
        if (err != System.err || !stderrIsATerminal()) {
            return null;
        }
        Thread ticker = new Thread(() -> {
            try {
                while (true) {
                    Thread.sleep(1000); // a clock for a person to read, not a synchronisation
                    err.printf("\r%s... %d s", verb, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedNanos));
                    err.flush();
                }
            } catch (InterruptedException e) {
                err.print("\r\033[K");
                err.flush();
            }
        }, "levelshare-progress");
        ticker.setDaemon(true);
        ticker.start();
        return ticker;
    }

    private static boolean stderrIsATerminal() {
        try {
            Path target = Files.readSymbolicLink(Paths.get("/proc/self/fd/2"));
            String name = target.toString();
            return name.startsWith("/dev/pts/") || name.startsWith("/dev/tty") || name.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }
}
