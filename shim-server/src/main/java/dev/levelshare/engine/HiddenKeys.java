package dev.levelshare.engine;

/**
 * The keys levelshare keeps in an app's DB for itself and hides from every levelshare path (gets, iterators both
 * ways, seeks, the tools): the proofs of which writes a leader applied ({@link AppliedWrites}). They share one prefix
 * that sorts after nearly every key an app writes (four 0xFF bytes, then {@code levelshare/applied/}), so under the
 * default bytewise order they form one range an iterator can step over with a single seek.
 *
 * <p>A program that opens the directory without levelshare sees them as ordinary entries: at most one per slot
 * (concurrent writer thread) of each process that wrote through a leader recently, {@code PREFIX + writer (8 bytes) +
 * slot (4 bytes) -> seq (8 bytes)}, all big-endian.
 */
public final class HiddenKeys {
    private HiddenKeys() {}

    private static final byte[] PREFIX = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
            'l', 'e', 'v', 'e', 'l', 's', 'h', 'a', 'r', 'e', '/', 'a', 'p', 'p', 'l', 'i', 'e', 'd', '/'};
    private static final byte[] END = endOf(PREFIX);

    /** The first hidden key there could be. */
    public static byte[] first() {
        return PREFIX.clone();
    }

    /** The first key after every hidden one. */
    public static byte[] after() {
        return END.clone();
    }

    static int prefixLength() {
        return PREFIX.length;
    }

    /** True for a key levelshare keeps for itself. */
    public static boolean isHidden(byte[] key) {
        if (key == null || key.length < PREFIX.length || key[0] != (byte) 0xFF) {
            return false; // the common case decided by one byte
        }
        for (int i = 1; i < PREFIX.length; i++) {
            if (key[i] != PREFIX[i]) {
                return false;
            }
        }
        return true;
    }

    /** {@code PREFIX + suffix}. */
    static byte[] withSuffix(byte[] suffix) {
        byte[] key = new byte[PREFIX.length + suffix.length];
        System.arraycopy(PREFIX, 0, key, 0, PREFIX.length);
        System.arraycopy(suffix, 0, key, PREFIX.length, suffix.length);
        return key;
    }

    private static byte[] endOf(byte[] prefix) {
        byte[] end = prefix.clone();
        end[end.length - 1]++; // '/' + 1: no carry
        return end;
    }
}
