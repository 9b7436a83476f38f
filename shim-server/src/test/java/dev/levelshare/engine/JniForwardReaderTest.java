package dev.levelshare.engine;

import dev.levelshare.protocol.IteratorCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.fusesource.leveldbjni.JniDBFactory;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBIterator;
import org.iq80.leveldb.Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static dev.levelshare.testing.Bytes.b;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fast forward path of served leveldbjni scans reads exactly what the iterator's own next() would. */
class JniForwardReaderTest {
    @TempDir
    Path temp;

    @Test
    void runsOfEntriesMatchTheIteratorsOwnAndStopWhereAsked() throws Exception {
        try (DB db = JniDBFactory.factory.open(temp.toFile(), new Options().createIfMissing(true))) {
            for (int i = 0; i < 1000; i++) {
                db.put(b(String.format("k%04d", i)), b("value " + i));
            }
            db.put(b("k0500"), new byte[0]); // an empty value
            try (DBIterator raw = db.iterator(); DBIterator reference = db.iterator()) {
                RepairedJniIterator repaired = (RepairedJniIterator) RepairedJniIterator.of(raw);
                JniForwardReader reader = repaired.forwardReader();
                assertNotNull(reader, "leveldbjni 1.8's internals are reachable: the fast path is in use");
                repaired.seek(b("k0100"));
                reference.seek(b("k0100"));

                ByteBuf out = Unpooled.buffer();
                IteratorCodec.ChunkWriter chunk = new IteratorCodec.ChunkWriter(out);
                assertEquals(JniForwardReader.FULL, reader.readInto(chunk, 3, Integer.MAX_VALUE, false),
                        "stopped at the count, not at the end");
                chunk.finish(false, false);
                assertSame(reference, IteratorCodec.readChunk(out), 3);
                assertArrayEquals(b("k0103"), repaired.peekNext().getKey(), "the cursor is on the first entry not read");

                out = Unpooled.buffer();
                chunk = new IteratorCodec.ChunkWriter(out);
                assertEquals(JniForwardReader.ENDED, reader.readInto(chunk, 10_000, Integer.MAX_VALUE, false),
                        "read to the end");
                chunk.finish(true, false);
                assertSame(reference, IteratorCodec.readChunk(out), 897);
                assertFalse(reference.hasNext());
                assertFalse(repaired.hasNext());

                repaired.seekToFirst();
                out = Unpooled.buffer();
                chunk = new IteratorCodec.ChunkWriter(out);
                assertEquals(JniForwardReader.FULL, reader.readInto(chunk, 10_000, 100, false),
                        "stopped after the bytes limit");
                assertTrue(chunk.count() >= 1 && chunk.count() < 10, "entries: " + chunk.count());
            }
        }
    }

    private static void assertSame(DBIterator reference, IteratorCodec.Chunk chunk, int expected) {
        assertEquals(expected, chunk.entries.size());
        for (Map.Entry<byte[], byte[]> entry : chunk.entries) {
            Map.Entry<byte[], byte[]> next = reference.next();
            assertArrayEquals(next.getKey(), entry.getKey());
            assertArrayEquals(next.getValue(), entry.getValue());
        }
    }
}
