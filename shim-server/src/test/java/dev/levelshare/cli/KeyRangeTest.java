package dev.levelshare.cli;

import org.fusesource.leveldbjni.JniDBFactory;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBIterator;
import org.iq80.leveldb.Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Ranges forward and backward on a real engine, against a plain list model. */
class KeyRangeTest {
    @TempDir
    Path temp;

    @Test
    void everyRangeBothWaysMatchesTheSortedModel() throws Exception {
        List<String> keys = List.of("a", "ab", "abc", "b", "ba", "c", "d\u00ff", "e");
        try (DB db = JniDBFactory.factory.open(temp.resolve("db").toFile(), new Options().createIfMissing(true))) {
            for (String k : keys) {
                db.put(b(k), b("v"));
            }
            String[] bounds = {null, "", "a", "ab", "abd", "b", "bz", "c", "e", "f"};
            for (String from : bounds) {
                for (String to : bounds) {
                    List<String> expected = new ArrayList<>();
                    for (String k : keys) {
                        if ((from == null || compare(k, from) >= 0) && (to == null || compare(k, to) < 0)) {
                            expected.add(k);
                        }
                    }
                    KeyRange range = new KeyRange(from == null ? null : b(from), to == null ? null : b(to), null);
                    assertEquals(expected, visit(db, range, false), "forward " + from + ".." + to);
                    List<String> reversed = new ArrayList<>(expected);
                    java.util.Collections.reverse(reversed);
                    assertEquals(reversed, visit(db, range, true), "reverse " + from + ".." + to);
                }
            }
            assertEquals(List.of("a", "ab", "abc"), visit(db, new KeyRange(null, null, b("a")), false));
            assertEquals(List.of("abc", "ab", "a"), visit(db, new KeyRange(null, null, b("a")), true));
            assertEquals(List.of("a"), visit(db, new KeyRange(null, b("ab"), b("a")), false), "--to within a prefix");
        }
        assertThrows(UsageException.class, () -> new KeyRange(b("a"), null, b("a")));
    }

    @Test
    void thePrefixEndIsTheNextKeyAfterAllItsExtensions() {
        assertArrayEquals(new byte[] {'a', 'c'}, KeyRange.after(b("ab")));
        assertArrayEquals(new byte[] {'b'}, KeyRange.after(new byte[] {'a', (byte) 0xff}));
        assertNull(KeyRange.after(new byte[] {(byte) 0xff, (byte) 0xff}));
    }

    private static List<String> visit(DB db, KeyRange range, boolean reverse) throws Exception {
        List<String> seen = new ArrayList<>();
        try (DBIterator it = db.iterator()) {
            range.visit(it, reverse, e -> seen.add(new String(e.getKey(), StandardCharsets.UTF_8)));
        }
        return seen;
    }

    private static int compare(String a, String b) {
        return KeyRange.compare(b(a), b(b));
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
