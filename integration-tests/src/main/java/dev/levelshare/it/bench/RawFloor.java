package dev.levelshare.it.bench;

import org.fusesource.leveldbjni.JniDBFactory;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.Options;

import java.io.File;
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
import java.util.concurrent.ThreadLocalRandom;

/**
 * The socket's own floor, without a line of levelshare: two JVMs, a plain JDK {@code SocketChannel} over a Unix
 * socket, a get's sizes (a 30-byte request, a 105-byte answer), one at a time. Blocking: both sides block in
 * {@code read}. Polled: both sides read without blocking for up to {@code pollMicros} before they block (in a
 * {@link Selector}), as levelshare's polling does.
 *
 * <p>With a DB directory the server also does the engine's part of a get: it opens leveldbjni there, loads the
 * workload's keys, and answers each request with the value of the key it carries (the client sends random keys). That
 * is the least a remote get can cost with this engine: the socket and the engine, no framing, no request ids, one
 * client, both sides spinning.
 *
 * <pre>
 * RawFloor server SOCKET POLL_MICROS [DB_DIR]         answers every request until the client goes away
 * RawFloor client SOCKET POLL_MICROS SAMPLES SERVER_PID NAME [engine]   prints RESULT lines: p50, p99, CPU per op
 * </pre>
 */
public final class RawFloor {
    static final int REQUEST_BYTES = 30;
    static final int RESPONSE_BYTES = 105;
    /** Where a request carries its key, and an answer its value (after the header sizes of levelshare's frames). */
    private static final int KEY_OFFSET = REQUEST_BYTES - 16;
    private static final int VALUE_OFFSET = RESPONSE_BYTES - Workload.VALUE_BYTES;

    public static void main(String[] args) throws Exception {
        Path socket = Path.of(args[1]);
        long pollNanos = Long.parseLong(args[2]) * 1000;
        if (args[0].equals("server")) {
            DB db = args.length > 3 ? openLoaded(new File(args[3])) : null;
            serve(socket, pollNanos, db);
        } else {
            ping(socket, pollNanos, Integer.parseInt(args[3]), Long.parseLong(args[4]), args[5],
                    args.length > 6 && args[6].equals("engine"));
        }
    }

    private static DB openLoaded(File dir) throws IOException {
        DB db = JniDBFactory.factory.open(dir, new Options().createIfMissing(true));
        Workload.load(db);
        return db;
    }

    private static void serve(Path socket, long pollNanos, DB db) throws IOException {
        Files.deleteIfExists(socket);
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            System.out.println("listening");
            System.out.flush();
            while (true) {
                SocketChannel client = server.accept();
                Thread t = new Thread(() -> answer(client, pollNanos, db), "floor-server");
                t.setDaemon(true);
                t.start();
            }
        }
    }

    private static void answer(SocketChannel channel, long pollNanos, DB db) {
        try (channel; Reader reader = new Reader(channel, pollNanos)) {
            ByteBuffer request = ByteBuffer.allocateDirect(REQUEST_BYTES);
            ByteBuffer response = ByteBuffer.allocateDirect(RESPONSE_BYTES);
            byte[] key = new byte[16];
            while (reader.readFully(request)) {
                response.clear();
                if (db != null) {
                    request.get(KEY_OFFSET, key); // after the request's header, as in a get frame
                    response.put(VALUE_OFFSET, db.get(key));
                }
                request.clear();
                while (response.hasRemaining()) {
                    channel.write(response);
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static void ping(Path socket, long pollNanos, int samples, long serverPid, String name, boolean engine)
            throws IOException {
        byte[][] keys = new byte[engine ? Workload.KEYS : 0][];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = Workload.key(i);
        }
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
             Reader reader = new Reader(channel, pollNanos)) {
            ByteBuffer request = ByteBuffer.allocateDirect(REQUEST_BYTES);
            ByteBuffer response = ByteBuffer.allocateDirect(RESPONSE_BYTES);
            for (int i = 0; i < samples / 2; i++) {
                roundTrip(channel, reader, request, response, randomKey(keys)); // warm-up
            }
            long[] nanos = new long[samples];
            CpuTime cpu = CpuTime.start(ProcessHandle.current().pid(), serverPid);
            for (int i = 0; i < samples; i++) {
                byte[] key = randomKey(keys);
                long t0 = System.nanoTime();
                roundTrip(channel, reader, request, response, key);
                nanos[i] = System.nanoTime() - t0;
            }
            cpu.report(name, samples);
            Arrays.sort(nanos);
            Workload.result(name + ".p50_us", nanos[samples / 2] / 1000.0);
            Workload.result(name + ".p99_us", nanos[(int) (samples * 0.99)] / 1000.0);
        }
    }

    private static byte[] randomKey(byte[][] keys) {
        return keys.length == 0 ? null : keys[ThreadLocalRandom.current().nextInt(keys.length)];
    }

    private static void roundTrip(SocketChannel channel, Reader reader, ByteBuffer request, ByteBuffer response,
                                  byte[] key) throws IOException {
        request.clear();
        if (key != null) {
            request.put(KEY_OFFSET, key);
        }
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
