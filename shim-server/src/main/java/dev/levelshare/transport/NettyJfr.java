package dev.levelshare.transport;

/**
 * Netty 4.2 registers its buffer allocator's Java Flight Recorder events the first time it allocates, in every JVM,
 * recording or not: class loading and generated code that a follower's first call would wait for (BENCHMARKS.md (d)).
 * levelshare's own Netty (relocated in the agent, so apps' Netty is untouched; the sidecar's and the tools')
 * is told not to, unless the property is set: its events would only describe levelshare's allocator.
 */
public final class NettyJfr {
    /**
     * Netty's property. In the agent's relocated core this literal is relocated with Netty itself (it reads
     * {@code dev.levelshare.shaded.io.netty.jfr.enabled} there), so the app's own Netty keeps its setting.
     */
    static final String PROPERTY = "io.netty.jfr.enabled";

    private NettyJfr() {}

    /** Before levelshare's Netty first initialises (it reads the property once). */
    public static void offUnlessSet() {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, "false");
        }
    }
}
