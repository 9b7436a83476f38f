package dev.levelshare.client;

import dev.levelshare.protocol.IteratorOp;
import dev.levelshare.protocol.Wire;
import io.netty.buffer.ByteBuf;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A decoded {@link dev.levelshare.protocol.Opcode#ITERATOR_OP} response. */
final class IteratorChunk {
    final List<Map.Entry<byte[], byte[]>> entries;
    /** No more entries in the chunk's direction after these. */
    final boolean ended;
    /** The boolean answer of HAS_PREV. */
    final boolean flag;

    private IteratorChunk(List<Map.Entry<byte[], byte[]>> entries, boolean ended, boolean flag) {
        this.entries = entries;
        this.ended = ended;
        this.flag = flag;
    }

    static IteratorChunk read(ByteBuf in) {
        int flags = Wire.readByte(in);
        int n = Wire.readCount(in, 8);
        List<Map.Entry<byte[], byte[]>> entries = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] key = Wire.readBytes(in);
            byte[] value = Wire.readBytes(in);
            entries.add(new AbstractMap.SimpleImmutableEntry<>(key, value));
        }
        return new IteratorChunk(entries, (flags & IteratorOp.FLAG_ENDED) != 0, (flags & IteratorOp.FLAG_TRUE) != 0);
    }
}
