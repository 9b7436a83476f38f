package dev.levelshare.party;

import org.iq80.leveldb.Options;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WriteBufferCapTest {
    private static final int MB = 1024 * 1024;

    @Test
    void capsLargerBuffersOnlyAndZeroMeansNoCap() {
        WriteBufferCap one = WriteBufferCap.ofMegabytes(1);
        assertEquals(MB, one.apply(4 * MB));
        assertEquals(MB / 2, one.apply(MB / 2), "a smaller buffer the app chose is kept");
        assertEquals(64 * MB, WriteBufferCap.ofMegabytes(0).apply(64 * MB));
        assertEquals(8 * MB, WriteBufferCap.ofMegabytes(8).apply(64 * MB));
        assertThrows(IllegalArgumentException.class, () -> WriteBufferCap.ofMegabytes(-1));
    }

    @Test
    void theOpenSeesTheCapAndTheAppsOptionsAreSetBackEvenIfItFails() {
        Options options = new Options().writeBufferSize(4 * MB);
        int seen = WriteBufferCap.ofMegabytes(1).during(options, options::writeBufferSize);
        assertEquals(MB, seen);
        assertEquals(4 * MB, options.writeBufferSize());

        assertThrows(IOException.class, () -> WriteBufferCap.ofMegabytes(1).during(options, () -> {
            throw new IOException("open failed");
        }));
        assertEquals(4 * MB, options.writeBufferSize());
        assertEquals("none", WriteBufferCap.ofMegabytes(1).during(null, () -> "none"), "no options: nothing to cap");
    }
}
