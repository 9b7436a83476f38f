package dev.levelshare.cli;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ByteEncodingTest {
    @Test
    void utf8KeepsTextAndEscapesWhatWouldBreakALine() {
        assertEquals("plain text, ünïcödé ✓", ByteEncoding.UTF8.encode(b("plain text, ünïcödé ✓")));
        assertEquals("a\\tb\\nc\\rd\\\\e", ByteEncoding.UTF8.encode(b("a\tb\nc\rd\\e")));
        assertEquals("\\x00\\x1f\\x7f", ByteEncoding.UTF8.encode(new byte[] {0, 0x1f, 0x7f}));
        assertEquals("ok\\xff\\xc3", ByteEncoding.UTF8.encode(new byte[] {'o', 'k', (byte) 0xff, (byte) 0xc3}),
                "bytes that are not UTF-8 (a lone lead byte at the end too)");
        assertEquals("\\xed\\xa0\\x80", ByteEncoding.UTF8.encode(new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}),
                "an encoded surrogate is not valid UTF-8");
    }

    @Test
    void everyEncodingGivesBackTheBytesItPrintedWithoutLineBreaks() {
        Random random = new Random(42);
        for (int i = 0; i < 2000; i++) {
            byte[] bytes = new byte[random.nextInt(40)];
            random.nextBytes(bytes);
            for (ByteEncoding encoding : ByteEncoding.values()) {
                String printed = encoding.encode(bytes);
                assertFalse(printed.contains("\n") || printed.contains("\r") || printed.contains("\t"), printed);
                assertArrayEquals(bytes, encoding.decode(printed, "KEY"), encoding + " " + printed);
            }
        }
    }

    @Test
    void badInputIsAUsageError() {
        assertThrows(UsageException.class, () -> ByteEncoding.HEX.decode("abc", "KEY"));
        assertThrows(UsageException.class, () -> ByteEncoding.HEX.decode("zz", "KEY"));
        assertThrows(UsageException.class, () -> ByteEncoding.BASE64.decode("not base64!", "KEY"));
        assertThrows(UsageException.class, () -> ByteEncoding.UTF8.decode("trailing\\", "KEY"));
        assertThrows(UsageException.class, () -> ByteEncoding.UTF8.decode("\\q", "KEY"));
        assertThrows(UsageException.class, () -> ByteEncoding.UTF8.decode("\\x4", "KEY"));
        assertThrows(UsageException.class, () -> ByteEncoding.parse("latin1"));
        assertArrayEquals(new byte[] {(byte) 0xca, (byte) 0xfe}, ByteEncoding.HEX.decode("CAFE", "KEY"));
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
