package dev.levelshare.testing;

import java.nio.charset.StandardCharsets;
import java.util.Map;

public final class Bytes {
    private Bytes() {}

    public static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    public static String s(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    public static String key(Map.Entry<byte[], byte[]> e) {
        return s(e.getKey());
    }
}
