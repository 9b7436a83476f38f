package dev.levelshare.protocol;

/** Entry kinds inside a {@link Opcode#WRITE} payload. */
public final class BatchKinds {
    private BatchKinds() {}

    public static final byte PUT = 1;
    public static final byte DELETE = 2;
}
