package dev.levelshare.client;

import dev.levelshare.os.TokenFile;
import io.netty.channel.Channel;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;

import dev.levelshare.AccessRefusedException;
import dev.levelshare.LevelShareException;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a levelshare server listens: a Unix socket (the normal case; the kernel vouches for the client's uid), or a
 * TCP address of a sidecar started with {@code --tcp}, reached with the sidecar's token.
 */
public final class Endpoint {
    private final SocketAddress address;
    private final Class<? extends Channel> channelType;
    private final Path socket;
    private final byte[] token;

    private Endpoint(SocketAddress address, Class<? extends Channel> channelType, Path socket, byte[] token) {
        this.address = address;
        this.channelType = channelType;
        this.socket = socket;
        this.token = token;
    }

    public static Endpoint unixSocket(Path socket) {
        return new Endpoint(new DomainSocketAddress(socket.toString()), EpollDomainSocketChannel.class, socket, null);
    }

    public static Endpoint tcp(InetSocketAddress address, byte[] token) {
        if (token == null || token.length == 0) {
            throw new IllegalArgumentException("a TCP endpoint needs the server's token");
        }
        return new Endpoint(address, EpollSocketChannel.class, null, token.clone());
    }

    /** {@code host:port}, with the token read from {@code tokenFile} (which only its owner may read). */
    public static Endpoint tcp(String hostAndPort, Path tokenFile) throws IOException {
        return tcp(parseHostAndPort(hostAndPort), TokenFile.read(tokenFile));
    }

    /** Parses {@code host:port} or {@code [v6]:port}. */
    public static InetSocketAddress parseHostAndPort(String hostAndPort) {
        int colon = hostAndPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostAndPort.length() - 1) {
            throw new IllegalArgumentException("expected host:port, got '" + hostAndPort + "'");
        }
        String host = hostAndPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(hostAndPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port in '" + hostAndPort + "' is not a number");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range");
        }
        return new InetSocketAddress(host, port);
    }

    /** The address as Netty takes it (a {@link DomainSocketAddress} for a Unix socket). */
    SocketAddress nettyAddress() {
        return address;
    }

    Class<? extends Channel> nettyChannelType() {
        return channelType;
    }

    /** The Unix socket's path; null for TCP. */
    Path socketPath() {
        return socket;
    }

    boolean isTcp() {
        return token != null;
    }

    byte[] token() {
        return token;
    }

    /** What a failed connect means, as the exception a caller gets. */
    LevelShareException connectFailure(String dbPath, Throwable cause) {
        String message = String.valueOf(cause.getMessage());
        Path dir = socket == null ? null : socket.getParent();
        if (socket != null && (message.contains("Permission denied")
                || (dir != null && Files.isDirectory(dir) && !Files.isExecutable(dir)))) {
            return new AccessRefusedException("levelshare: permission denied on " + socket + ": the leader of " + dbPath
                    + " runs as another user who has not allowed yours (allowUids/allowGroups), or the socket"
                    + " directory is private", cause);
        }
        return new LevelShareException(describeConnectFailure(dbPath, cause), cause);
    }

    private String describeConnectFailure(String dbPath, Throwable cause) {
        if (socket == null) {
            return "levelshare: cannot connect to the sidecar at tcp " + address + ": " + cause.getMessage();
        }
        String message = String.valueOf(cause.getMessage());
        if (cause instanceof FileNotFoundException || !Files.exists(socket)) {
            return "levelshare: no leader serves " + dbPath + " (socket " + socket + " does not exist)";
        }
        if (cause instanceof ConnectException || message.contains("refused")) {
            return "levelshare: no leader serves " + dbPath + " (stale socket " + socket + ": connection refused)";
        }
        return "levelshare: cannot connect to the leader of " + dbPath + " at " + socket + ": " + cause;
    }

    @Override
    public String toString() {
        return socket != null ? socket.toString() : "tcp " + address;
    }
}
