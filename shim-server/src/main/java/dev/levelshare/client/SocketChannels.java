package dev.levelshare.client;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * Opens JDK socket channels. Unix-domain {@link SocketChannel}s came with Java 16 ({@code UnixDomainSocketAddress},
 * {@code StandardProtocolFamily.UNIX}); this code is built for Java 11, so it reaches them by reflection, once. On
 * Java 11 to 15 {@link #unixSocketsAvailable()} is false and connections use the Netty transport instead.
 */
final class SocketChannels {
    private SocketChannels() {}

    private static final Method UNIX_ADDRESS_OF = unixAddressFactory();
    private static final ProtocolFamily UNIX = unixFamily();

    private static Method unixAddressFactory() {
        try {
            return Class.forName("java.net.UnixDomainSocketAddress").getMethod("of", Path.class);
        } catch (ReflectiveOperationException | LinkageError e) {
            return null; // before Java 16
        }
    }

    private static ProtocolFamily unixFamily() {
        try {
            return StandardProtocolFamily.valueOf("UNIX");
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static boolean unixSocketsAvailable() {
        return UNIX_ADDRESS_OF != null && UNIX != null;
    }

    /** A connected, non-blocking channel to the Unix socket at {@code path} (Java 16+). */
    static SocketChannel connectUnix(Path path, long timeoutMillis) throws IOException {
        SocketAddress address;
        try {
            address = (SocketAddress) UNIX_ADDRESS_OF.invoke(null, path);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        } catch (InvocationTargetException e) {
            throw new IOException("invalid Unix socket path " + path + ": " + e.getCause(), e.getCause());
        }
        return connect(openWith(UNIX), address, timeoutMillis);
    }

    /** A connected, non-blocking TCP channel, with Nagle off (requests are small and answered at once). */
    static SocketChannel connectTcp(SocketAddress address, long timeoutMillis) throws IOException {
        SocketChannel channel = SocketChannel.open();
        channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
        return connect(channel, address, timeoutMillis);
    }

    private static SocketChannel openWith(ProtocolFamily family) throws IOException {
        try {
            return (SocketChannel) SocketChannel.class.getMethod("open", ProtocolFamily.class).invoke(null, family);
        } catch (IllegalAccessException | NoSuchMethodException e) {
            throw new IllegalStateException(e);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof IOException ? (IOException) e.getCause() : new IOException(e.getCause());
        }
    }

    private static SocketChannel connect(SocketChannel channel, SocketAddress address, long timeoutMillis)
            throws IOException {
        try {
            channel.configureBlocking(false);
            if (!channel.connect(address)) {
                try (Selector selector = Selector.open()) {
                    channel.register(selector, SelectionKey.OP_CONNECT);
                    if (selector.select(Math.max(1, timeoutMillis)) == 0) {
                        throw new SocketTimeoutException("connect timed out after " + timeoutMillis + " ms");
                    }
                }
                channel.finishConnect();
            }
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }
}
