package dev.levelshare.bridge;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;

/**
 * What the agent calls in the sharing core. The two live in different class loaders: the agent on the system class
 * path, the core in an isolated loader per {@code org.iq80.leveldb} API (so that its Netty and slf4j never meet the
 * app's). This package is the only one both see (the core's loader takes it from the agent's), so it holds
 * interfaces of {@code java.*} types only, and as little as possible: whatever changes here changes both sides.
 */
public interface CoreEntry {
    /** The name of the core's class that implements this, made once per core with its public no-argument constructor. */
    String IMPLEMENTATION = "dev.levelshare.party.AgentEntry";

    /**
     * Called once per core before its first open. {@code agentArguments} are the agent's; {@code jvmClaims} is shared by
     * every core of the JVM, so that no two cores ever open one directory for real.
     */
    void configure(Map<String, String> agentArguments, ConcurrentMap<String, Object> jvmClaims);

    /** The app's open: a handle to the shared DB, a {@code DB} of the factory's own API. */
    Object open(FactoryOpen open) throws IOException;
}
