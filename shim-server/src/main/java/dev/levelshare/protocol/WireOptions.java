package dev.levelshare.protocol;

import io.netty.buffer.ByteBuf;

/**
 * Read and write options on the wire. Reads: byte flags and the id of a snapshot the connection holds (0: none).
 * Writes: byte flags. The {@code org.iq80.leveldb} option objects are built from these on the server.
 */
public final class WireOptions {
    private WireOptions() {}

    private static final int READ_FILL_CACHE = 1;
    private static final int READ_VERIFY_CHECKSUMS = 2;
    private static final int WRITE_SYNC = 1;
    private static final int WRITE_SNAPSHOT = 2;
    private static final int WRITE_ID = 4;

    public static final long NO_SNAPSHOT = 0;

    /** Bytes of encoded read options. */
    public static final int READ_BYTES = 9;
    /** Bytes of encoded write options, at most (with a {@link WriteId}). */
    public static final int WRITE_BYTES = 1 + WriteId.BYTES;

    /** {@code ReadOptions} as sent: fillCache, verifyChecksums, and the connection's id of its snapshot (0: none). */
    public static final class Read {
        public final boolean fillCache;
        public final boolean verifyChecksums;
        public final long snapshotId;

        public Read(boolean fillCache, boolean verifyChecksums, long snapshotId) {
            this.fillCache = fillCache;
            this.verifyChecksums = verifyChecksums;
            this.snapshotId = snapshotId;
        }

        void writeTo(ByteBuf out) {
            out.writeByte((fillCache ? READ_FILL_CACHE : 0) | (verifyChecksums ? READ_VERIFY_CHECKSUMS : 0));
            out.writeLong(snapshotId);
        }

        static Read readFrom(ByteBuf in) {
            int flags = Wire.readByte(in);
            return new Read((flags & READ_FILL_CACHE) != 0, (flags & READ_VERIFY_CHECKSUMS) != 0, Wire.readLong(in));
        }
    }

    /**
     * {@code WriteOptions} as sent: sync, whether the write returns a snapshot, and the write's {@link WriteId} if the
     * sender may send it again after a failover (null: applied as often as it arrives).
     */
    public static final class Write {
        public final boolean sync;
        public final boolean snapshot;
        public final WriteId writeId;

        public Write(boolean sync, boolean snapshot) {
            this(sync, snapshot, null);
        }

        public Write(boolean sync, boolean snapshot, WriteId writeId) {
            this.sync = sync;
            this.snapshot = snapshot;
            this.writeId = writeId;
        }

        void writeTo(ByteBuf out) {
            out.writeByte((sync ? WRITE_SYNC : 0) | (snapshot ? WRITE_SNAPSHOT : 0) | (writeId != null ? WRITE_ID : 0));
            if (writeId != null) {
                writeId.writeTo(out);
            }
        }

        static Write readFrom(ByteBuf in) {
            int flags = Wire.readByte(in);
            WriteId id = (flags & WRITE_ID) != 0 ? WriteId.readFrom(in) : null;
            return new Write((flags & WRITE_SYNC) != 0, (flags & WRITE_SNAPSHOT) != 0, id);
        }

        /** Whether a write payload (which starts with its options) asks for an fsync, without decoding it. */
        public static boolean syncOf(ByteBuf payload) {
            return payload.isReadable() && (payload.getByte(payload.readerIndex()) & WRITE_SYNC) != 0;
        }
    }
}
