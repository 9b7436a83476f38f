package dev.levelshare.protocol;

import io.netty.buffer.ByteBuf;

/**
 * Read and write options on the wire: byte flags, and for reads the id of a snapshot the connection holds (0: none).
 * The {@code org.iq80.leveldb} option objects are built from these on the server.
 */
public final class WireOptions {
    private WireOptions() {}

    public static final int READ_FILL_CACHE = 1;
    public static final int READ_VERIFY_CHECKSUMS = 2;

    public static final int WRITE_SYNC = 1;
    public static final int WRITE_SNAPSHOT = 2;

    public static final long NO_SNAPSHOT = 0;

    public static void writeRead(ByteBuf buf, boolean fillCache, boolean verifyChecksums, long snapshotId) {
        buf.writeByte((fillCache ? READ_FILL_CACHE : 0) | (verifyChecksums ? READ_VERIFY_CHECKSUMS : 0));
        buf.writeLong(snapshotId);
    }

    public static void writeWrite(ByteBuf buf, boolean sync, boolean snapshot) {
        buf.writeByte((sync ? WRITE_SYNC : 0) | (snapshot ? WRITE_SNAPSHOT : 0));
    }

    public static final int READ_OPTIONS_BYTES = 9;
}
