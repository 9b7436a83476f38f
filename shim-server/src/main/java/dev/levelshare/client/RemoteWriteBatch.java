package dev.levelshare.client;

import dev.levelshare.protocol.BatchKinds;
import dev.levelshare.protocol.Wire;
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
        encodedBytes += 1 + Wire.sizeOf(key) + Wire.sizeOf(value);
        return this;
    }

    @Override
    public WriteBatch delete(byte[] key) {
        keys.add(key);
        values.add(null);
        encodedBytes += 1 + Wire.sizeOf(key);
        return this;
    }

    /** A put of a null value travels as a null so the engine raises its own error for it. */
    private static final byte[] NULL_VALUE = new byte[0];

    int size() {
        return keys.size();
    }

    long encodedBytes() {
        return 4 + encodedBytes;
    }

    void writeTo(ByteBuf out) {
        out.writeInt(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            byte[] value = values.get(i);
            if (value == null) {
                out.writeByte(BatchKinds.DELETE);
                Wire.writeBytes(out, keys.get(i));
            } else {
                out.writeByte(BatchKinds.PUT);
                Wire.writeBytes(out, keys.get(i));
                Wire.writeBytes(out, value == NULL_VALUE ? null : value);
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
