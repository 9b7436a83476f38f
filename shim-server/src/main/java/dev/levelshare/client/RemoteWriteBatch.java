package dev.levelshare.client;

import dev.levelshare.protocol.BatchCodec;
import dev.levelshare.protocol.WireOptions;
import io.netty.buffer.ByteBuf;
import org.iq80.leveldb.WriteBatch;

import java.util.ArrayList;
import java.util.List;

/** A batch collected on the client and sent as one WRITE request, applied atomically by the engine. */
final class RemoteWriteBatch implements WriteBatch {
    private final List<byte[]> keys = new ArrayList<>();
    private final List<byte[]> values = new ArrayList<>(); // null marks a delete
    private long encodedBytes;

    @Override
    public WriteBatch put(byte[] key, byte[] value) {
        keys.add(key);
        values.add(value == null ? NULL_VALUE : value);
        encodedBytes += BatchCodec.putSize(key, value);
        return this;
    }

    @Override
    public WriteBatch delete(byte[] key) {
        keys.add(key);
        values.add(null);
        encodedBytes += BatchCodec.deleteSize(key);
        return this;
    }

    /** A put of a null value travels as a null so the engine raises its own error for it. */
    private static final byte[] NULL_VALUE = new byte[0];

    int size() {
        return keys.size();
    }

    /** Bytes of the WRITE request's payload. */
    long encodedBytes() {
        return BatchCodec.HEADER_BYTES + encodedBytes;
    }

    void writeTo(ByteBuf out, WireOptions.Write options) {
        BatchCodec.writeHeader(out, options, keys.size());
        for (int i = 0; i < keys.size(); i++) {
            byte[] value = values.get(i);
            if (value == null) {
                BatchCodec.writeDelete(out, keys.get(i));
            } else {
                BatchCodec.writePut(out, keys.get(i), value == NULL_VALUE ? null : value);
            }
        }
    }

    /** The same updates into another DB's batch (a follower promoted to leader writes to its engine directly). */
    void replayInto(WriteBatch target) {
        for (int i = 0; i < keys.size(); i++) {
            byte[] value = values.get(i);
            if (value == null) {
                target.delete(keys.get(i));
            } else {
                target.put(keys.get(i), value == NULL_VALUE ? null : value);
            }
        }
    }

    @Override
    public void close() {
        keys.clear();
        values.clear();
        encodedBytes = 0;
    }
}
