package dev.levelshare.party;

import org.iq80.leveldb.Options;

/**
 * Caps the engine's write buffer for an open that levelshare makes. When a leader dies, the next leader's open replays
 * the dead one's log into a table before anyone can write again, and that log holds up to a write buffer of data, so
 * the recovery grows with the buffer (TRAPS.md, BENCHMARKS.md (f)). So a leader's buffer is capped at
 * {@code maxWriteBufferMb} (default 1); a larger buffer the app asks for is used only if the setting allows it (0: the
 * app's own choice, uncapped). The app's {@code Options} object is set back as it was once the open returns.
 */
public final class WriteBufferCap {
    /** Default cap: a dying leader leaves at most about this much log for the next one to recover. */
    public static final long DEFAULT_MB = dev.levelshare.config.Settings.DEFAULT_MAX_WRITE_BUFFER_MB;
    private static final long MB = 1024 * 1024;

    private final long capBytes;

    private WriteBufferCap(long capBytes) {
        this.capBytes = capBytes;
    }

    /** {@code megabytes} 0: no cap. */
    public static WriteBufferCap ofMegabytes(long megabytes) {
        if (megabytes < 0) {
            throw new IllegalArgumentException("levelshare setting maxWriteBufferMb must be 0 (no cap) or more, got "
                    + megabytes);
        }
        return new WriteBufferCap(megabytes * MB);
    }

    /** The write buffer an open with {@code requested} gets. */
    public int apply(int requested) {
        return capBytes > 0 && requested > capBytes ? (int) capBytes : requested;
    }

    /** Caps {@code options}' write buffer, for an open levelshare makes with options of its own; returns them. */
    public Options applyTo(Options options) {
        return options.writeBufferSize(apply(options.writeBufferSize()));
    }

    /** Runs {@code open} with {@code options}' write buffer capped, then restores it. */
    public <T, E extends Exception> T during(Options options, Opening<T, E> open) throws E {
        if (options == null) {
            return open.run();
        }
        int requested = options.writeBufferSize();
        int capped = apply(requested);
        if (capped == requested) {
            return open.run();
        }
        options.writeBufferSize(capped);
        try {
            return open.run();
        } finally {
            options.writeBufferSize(requested);
        }
    }

    /** An open to run with the cap in force. */
    @FunctionalInterface
    public interface Opening<T, E extends Exception> {
        T run() throws E;
    }
}
