package dev.levelshare.hooks;

/** One update of a {@link PendingWrite}: a put (key and value) or a delete (key only). */
public final class Update {
    /** What the update does. */
    public enum Kind { PUT, DELETE }

    private final Kind kind;
    private final byte[] key;
    private final byte[] value;

    private Update(Kind kind, byte[] key, byte[] value) {
        this.kind = kind;
        this.key = key;
        this.value = value;
    }

    public static Update put(byte[] key, byte[] value) {
        return new Update(Kind.PUT, key, value);
    }

    public static Update delete(byte[] key) {
        return new Update(Kind.DELETE, key, null);
    }

    public Kind kind() {
        return kind;
    }

    /** The key; the array is the one about to be written, so a hook must not modify it. */
    public byte[] key() {
        return key;
    }

    /** The value of a put; null for a delete. */
    public byte[] value() {
        return value;
    }
}
