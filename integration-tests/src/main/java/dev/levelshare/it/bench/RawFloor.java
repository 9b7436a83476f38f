package dev.levelshare.it.bench;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The socket's own floor, without a line of levelshare: two JVMs, a plain JDK {@code SocketChannel} over a Unix
 * socket, a get's sizes (a 30-byte request, a 105-byte answer), one at a time. Blocking: both sides block in
 * {@code read}. Polled: both sides read without blocking for up to {@code pollMicros} before they block (in a
 * {@link Selector}), as levelshare's polling does.
 *
 * <pre>
 * RawFloor server SOCKET POLL_MICROS          answers every request until the client goes away
 * RawFloor client SOCKET POLL_MICROS SAMPLES SERVER_PID NAME    prints RESULT lines: p50, p99, CPU per op
 * </pre>
 */
public final class RawFloor {
    static final int REQUEST_BYTES = 30;
    static final int RESPONSE_BYTES = 105;

    public static void main(String[] args) throws Exception {
        Path socket = Path.of(args[1]);
        long pollNanos = Long.parseLong(args[2]) * 1000;
        if (args[0].equals("server")) {
            serve(socket, pollNanos);
        } else {
            ping(socket, pollNanos, Integer.parseInt(args[3]), Long.parseLong(args[4]), args[5]);
        }
    }

    private static void serve(Path socket, long pollNanos) throws IOException {
        Files.deleteIfExists(socket);
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            System.out.println("listening");
            System.out.flush();
            while (true) {
                SocketChannel client = server.accept();
                Thread t = new Thread(() -> answer(client, pollNanos), "floor-server");
                t.setDaemon(true);
                t.start();
            }
        }
    }

    private static void answer(SocketChannel channel, long pollNanos) {
        try (channel; Reader reader = new Reader(channel, pollNanos)) {
            ByteBuffer request = ByteBuffer.allocateDirect(REQUEST_BYTES);
            ByteBuffer response = ByteBuffer.allocateDirect(RESPONSE_BYTES);
            while (reader.readFully(request)) {
                request.clear();
                response.clear();
                while (response.hasRemaining()) {
                    channel.write(response);
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static void ping(Path socket, long pollNanos, int samples, long serverPid, String name)
            throws IOException {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
             Reader reader = new Reader(channel, pollNanos)) {
            ByteBuffer request = ByteBuffer.allocateDirect(REQUEST_BYTES);
            ByteBuffer response = ByteBuffer.allocateDirect(RESPONSE_BYTES);
            for (int i = 0; i < samples / 2; i++) {
                roundTrip(channel, reader, request, response); // warm-up
            }
            long[] nanos = new long[samples];
            CpuTime cpu = CpuTime.start(ProcessHandle.current().pid(), serverPid);
            for (int i = 0; i < samples; i++) {
                long t0 = System.nanoTime();
                roundTrip(channel, reader, request, response);
                nanos[i] = System.nanoTime() - t0;
            }
            cpu.report(name, samples);
            Arrays.sort(nanos);
            Workload.result(name + ".p50_us", nanos[samples / 2] / 1000.0);
            Workload.result(name + ".p99_us", nanos[(int) (samples * 0.99)] / 1000.0);
        }
    }

    private static void roundTrip(SocketChannel channel, Reader reader, ByteBuffer request, ByteBuffer response)
            throws IOException {
        request.clear();
        while (request.hasRemaining()) {
            channel.write(request);
        }
        response.clear();
        if (!reader.readFully(response)) {
            throw new IOException("server went away");
        }
    }

    /** Reads a whole buffer: blocking, or polling without blocking for up to pollNanos, then blocking in a selector. */
    private static final class Reader implements AutoCloseable {
        private final SocketChannel channel;
        private final long pollNanos;
        private final Selector selector;

        Reader(SocketChannel channel, long pollNanos) throws IOException {
            this.channel = channel;
            this.pollNanos = pollNanos;
            if (pollNanos > 0) {
                channel.configureBlocking(false);
                selector = Selector.open();
                channel.register(selector, SelectionKey.OP_READ);
            } else {
                selector = null;
            }
        }

        boolean readFully(ByteBuffer buffer) throws IOException {
            while (buffer.hasRemaining()) {
                int n = channel.read(buffer);
                if (n < 0) {
                    return false;
                }
                if (n == 0 && selector != null) {
                    long deadline = System.nanoTime() + pollNanos;
                    while ((n = channel.read(buffer)) == 0 && System.nanoTime() < deadline) {
                        Thread.onSpinWait();
                    }
                    if (n < 0) {
                        return false;
                    }
                    if (n == 0) {
                        selector.select();
                        selector.selectedKeys().clear();
                    }
                }
            }
            return true;
        }

        @Override
        public void close() throws IOException {
            if (selector != null) {
                selector.close();
            }
        }
    }
}
