package dev.levelshare.engine;

import org.iq80.leveldb.WriteBatch;

import java.io.IOException;

/**
 * An engine's write batch that knows how many bytes it holds, so the {@link DiskSpaceGuard} can weigh it before it is
 * written. The engine gets its own batch back ({@link #engineBatchOf}): both engines cast to their own class.
 */
final class CountingWriteBatch implements WriteBatch {
    /** What a batch of unknown size (made by the engine directly) is taken to cost. */
    private static final long UNKNOWN_BYTES = 4096;

    private final WriteBatch batch;
    private long bytes;

    CountingWriteBatch(WriteBatch batch) {
        this.batch = batch;
    }

    static long bytesOf(WriteBatch batch) {
        return batch instanceof CountingWriteBatch ? ((CountingWriteBatch) batch).bytes : UNKNOWN_BYTES;
    }

    static WriteBatch engineBatchOf(WriteBatch batch) {
        return batch instanceof CountingWriteBatch ? ((CountingWriteBatch) batch).batch : batch;
    }

    @Override
    public WriteBatch put(byte[] key, byte[] value) {
        batch.put(key, value);
        bytes += (key == null ? 0 : key.length) + (value == null ? 0 : value.length) + 8;
        return this;
    }

    @Override
    public WriteBatch delete(byte[] key) {
        batch.delete(key);
        bytes += (key == null ? 0 : key.length) + 8;
        return this;
    }

    @Override
    public void close() throws IOException {
        batch.close();
    }
}
