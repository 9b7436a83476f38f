package dev.levelshare.testing;

import dev.levelshare.protocol.FrameLayout;
import dev.levelshare.protocol.Hello;
import dev.levelshare.protocol.Opcode;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;

/** A hand-driven protocol peer on the JDK's own Unix socket: sends exactly the bytes a test chooses. */
public final class RawPeer implements AutoCloseable {
    private final SocketChannel channel;

    private RawPeer(SocketChannel channel) {
        this.channel = channel;
    }

    public static RawPeer connect(Path socket) throws IOException {
        return connect(UnixDomainSocketAddress.of(socket));
    }

    /** A Unix socket or TCP peer. */
    public static RawPeer connect(java.net.SocketAddress address) throws IOException {
        return new RawPeer(SocketChannel.open(address));
    }

    /** Connects and completes a valid handshake for {@code dbPath}. */
    public static RawPeer handshaken(Path socket, String dbPath) throws IOException {
        RawPeer peer = connect(socket);
        peer.send(preamble(FrameLayout.PROTOCOL_VERSION));
        ByteBuf hello = Unpooled.buffer();
        new Hello.ClientHello(dbPath, ProcessHandle.current().pid(), "raw-peer").writeTo(hello);
        peer.send(frame(Opcode.HELLO, 1, io.netty.buffer.ByteBufUtil.getBytes(hello)));
        RawFrame reply = peer.readFrame(Duration.ofSeconds(5));
        if (reply.opcode != Opcode.OK) {
            throw new IOException("handshake refused: " + reply.errorMessage());
        }
        return peer;
    }

    public static byte[] preamble(int version) {
        ByteBuffer b = ByteBuffer.allocate(FrameLayout.PREAMBLE_BYTES);
        b.put(FrameLayout.MAGIC).putShort((short) version);
        return b.array();
    }

    public static byte[] frame(byte opcode, int requestId, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(4 + 5 + payload.length);
        b.putInt(5 + payload.length).put(opcode).putInt(requestId).put(payload);
        return b.array();
    }

    public void send(byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
            channel.write(b);
        }
    }

    /** Reads one frame, or fails if none arrives in time or the server closes. */
    public RawFrame readFrame(Duration timeout) throws IOException {
        ByteBuffer header = readExactly(9, timeout);
        int length = header.getInt();
        byte opcode = header.get();
        int requestId = header.getInt();
        ByteBuffer payload = readExactly(length - 5, timeout);
        return new RawFrame(opcode, requestId, payload.array());
    }

    /** Reads one frame; null if the server closed the connection first. Fails if neither happens in time. */
    public RawFrame readFrameOrClose(Duration timeout) throws IOException {
        try {
            return readFrame(timeout);
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("no complete frame")) {
                throw e;
            }
            return null; // closed or reset by the server
        }
    }

    /** True if the server closes the connection within the timeout (reading and discarding anything it sends). */
    public boolean closedByServerWithin(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        ByteBuffer sink = ByteBuffer.allocate(4096);
        try (Selector selector = Selector.open()) {
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
            while (System.nanoTime() < deadline) {
                selector.select(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                sink.clear();
                int n;
                try {
                    n = channel.read(sink);
                } catch (IOException e) {
                    return true; // reset by peer
                }
                if (n < 0) {
                    return true;
                }
            }
            return false;
        }
    }

    private ByteBuffer readExactly(int n, Duration timeout) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Selector selector = Selector.open()) {
            channel.configureBlocking(false);
            SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
            while (b.hasRemaining()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IOException("no complete frame within " + timeout);
                }
                selector.select(Math.max(1, left / 1_000_000));
                if (channel.read(b) < 0) {
                    throw new IOException("server closed the connection");
                }
            }
            key.cancel();
            selector.selectNow();
        }
        channel.configureBlocking(true);
        b.flip();
        return b;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** A frame as received. */
    public static final class RawFrame {
        public final byte opcode;
        public final int requestId;
        public final byte[] payload;

        RawFrame(byte opcode, int requestId, byte[] payload) {
            this.opcode = opcode;
            this.requestId = requestId;
            this.payload = payload;
        }

        /** The message of an ERROR frame. */
        public String errorMessage() {
            ByteBuffer b = ByteBuffer.wrap(payload);
            b.get();
            int len = b.getInt();
            byte[] msg = new byte[Math.max(0, len)];
            b.get(msg);
            return new String(msg, java.nio.charset.StandardCharsets.UTF_8);
        }

        public byte errorCode() {
            return payload[0];
        }
    }
}
