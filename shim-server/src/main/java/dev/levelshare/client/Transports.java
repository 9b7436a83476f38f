package dev.levelshare.client;

import dev.levelshare.protocol.Hello;

/** Opens a connection with the transport this JVM and the options call for. */
final class Transports {
    private Transports() {}

    static Connection open(Endpoint endpoint, String canonicalDbPath, ClientOptions options) {
        String wanted = canonicalDbPath.equals(Hello.ANY_DB) ? "the DB served at " + endpoint : canonicalDbPath;
        boolean channels = options.transport() == ClientOptions.Transport.AUTO
                && (endpoint.isTcp() || SocketChannels.unixSocketsAvailable());
        return channels ? ChannelConnection.connect(endpoint, canonicalDbPath, wanted, options)
                : NettyConnection.connect(endpoint, canonicalDbPath, wanted, options);
    }
}
