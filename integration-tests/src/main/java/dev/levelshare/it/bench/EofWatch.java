package dev.levelshare.it.bench;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A plain connection to a leader's socket that notes when the leader's end closes: the moment its followers see it
 * go. The kernel closes a killed process's sockets as it releases its locks, earlier than it reports the process
 * ended (the JDK's reaper then wakes). A thread blocked in {@code read} waits for it without spending CPU; no
 * handshake is sent, so the server answers nothing until its handshake timeout (10 s), far after the kill.
 */
final class EofWatch implements AutoCloseable {
    private final SocketChannel channel;
    private final CompletableFuture<Long> closedAt = new CompletableFuture<>();

    private EofWatch(SocketChannel channel) {
        this.channel = channel;
    }

    static EofWatch connect(Path socket) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
        EofWatch watch = new EofWatch(channel);
        Thread reader = new Thread(watch::awaitEof, "eof of " + socket.getFileName());
        reader.setDaemon(true);
        reader.start();
        return watch;
    }

    private void awaitEof() {
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        try {
            while (channel.read(buffer) >= 0) {
                buffer.clear();
            }
            closedAt.complete(AckWriterApp.epochMicros());
        } catch (IOException e) {
            // A reset is the peer going away too; a close of our own (the round ended first) leaves no moment.
            if (channel.isOpen()) {
                closedAt.complete(AckWriterApp.epochMicros());
            } else {
                closedAt.completeExceptionally(e);
            }
        }
    }

    /** When the other end closed, in epoch µs. */
    long closedAtMicros(long timeoutSeconds) throws Exception {
        return closedAt.get(timeoutSeconds, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
