package dev.levelshare.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Tees System.err so tests can await the one log line a failure must produce (slf4j-simple writes to System.err). */
public final class CapturedStderr implements AutoCloseable {
    private final PrintStream original = System.err;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    public CapturedStderr() {
        PrintStream tee = new PrintStream(new java.io.OutputStream() {
            @Override
            public synchronized void write(int b) {
                captured.write(b);
                original.write(b);
            }

            @Override
            public synchronized void write(byte[] b, int off, int len) {
                captured.write(b, off, len);
                original.write(b, off, len);
            }
        }, true, StandardCharsets.UTF_8);
        System.setErr(tee);
    }

    public synchronized String text() {
        return captured.toString(StandardCharsets.UTF_8);
    }

    /** Waits until a line containing {@code fragment} has been logged. */
    public String awaitLine(String fragment, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : text().split("\n")) {
                if (line.contains(fragment)) {
                    return line;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no log line containing '" + fragment + "' within " + timeout + "; log was:\n" + text());
    }

    @Override
    public void close() {
        System.setErr(original);
    }
}
