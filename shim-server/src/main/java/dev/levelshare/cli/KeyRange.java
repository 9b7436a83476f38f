package dev.levelshare.cli;

import org.iq80.leveldb.DBIterator;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The keys a scan or count visits: {@code --prefix P} (those starting with P), or from {@code --from K} (inclusive), up
 * to {@code --to K} (exclusive); in the DB's order (LevelDB's default: bytewise, unsigned), or reversed.
 */
final class KeyRange {
    private final byte[] from; // inclusive, or null
    private final byte[] to; // exclusive, or null
    private final byte[] prefix; // or null

    KeyRange(byte[] from, byte[] to, byte[] prefix) {
        if (from != null && prefix != null) {
            throw new UsageException("give --prefix or --from, not both");
        }
        this.prefix = prefix;
        this.from = prefix != null ? prefix : from;
        byte[] prefixEnd = prefix == null ? null : after(prefix);
        this.to = to == null ? prefixEnd : prefixEnd == null || compare(to, prefixEnd) < 0 ? to : prefixEnd;
    }

    static KeyRange of(ToolArgs args) {
        return new KeyRange(args.bytes("--from"), args.bytes("--to"), args.bytes("--prefix"));
    }

    /**
     * Calls {@code visitor} with each entry in range, forward or in reverse, until it returns false or the range ends;
     * the number visited.
     */
    long visit(DBIterator it, boolean reverse, Predicate<Map.Entry<byte[], byte[]>> visitor) {
        return reverse ? visitBackward(it, visitor) : visitForward(it, visitor);
    }

    private long visitForward(DBIterator it, Predicate<Map.Entry<byte[], byte[]>> visitor) {
        if (from == null) {
            it.seekToFirst();
        } else {
            it.seek(from);
        }
        long visited = 0;
        while (it.hasNext()) {
            Map.Entry<byte[], byte[]> entry = it.next();
            if (to != null && compare(entry.getKey(), to) >= 0) {
                break;
            }
            visited++;
            if (!visitor.test(entry)) {
                break;
            }
        }
        return visited;
    }

    private long visitBackward(DBIterator it, Predicate<Map.Entry<byte[], byte[]>> visitor) {
        long visited = 0;
        if (to != null) {
            it.seek(to);
        }
        if (to == null || !it.hasNext()) {
            // Nothing at or after the end: start from the last entry (an engine has no prev() past its end).
            it.seekToLast();
            if (!it.hasNext()) {
                return 0;
            }
            Map.Entry<byte[], byte[]> last = it.peekNext();
            if (from != null && compare(last.getKey(), from) < 0) {
                return 0;
            }
            visited++;
            if (!visitor.test(last)) {
                return visited;
            }
        }
        while (it.hasPrev()) {
            Map.Entry<byte[], byte[]> entry = it.prev();
            if (from != null && compare(entry.getKey(), from) < 0) {
                break;
            }
            visited++;
            if (!visitor.test(entry)) {
                break;
            }
        }
        return visited;
    }

    /** The first key after every key that starts with {@code prefix}; null if there is none (all 0xff). */
    static byte[] after(byte[] prefix) {
        for (int i = prefix.length - 1; i >= 0; i--) {
            if (prefix[i] != (byte) 0xff) {
                byte[] end = Arrays.copyOf(prefix, i + 1);
                end[i]++;
                return end;
            }
        }
        return null;
    }

    static int compare(byte[] a, byte[] b) {
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) {
            int c = (a[i] & 0xff) - (b[i] & 0xff);
            if (c != 0) {
                return c;
            }
        }
        return a.length - b.length;
    }
}
