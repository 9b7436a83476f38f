package dev.levelshare.server;

import dev.levelshare.client.ClientOptions;
import dev.levelshare.client.RemoteDb;
import dev.levelshare.protocol.BatchCodec;
import dev.levelshare.protocol.FrameLayout;
import dev.levelshare.protocol.Hello;
import dev.levelshare.protocol.Opcode;
import dev.levelshare.protocol.Wire;
import dev.levelshare.testing.CapturedStderr;
import dev.levelshare.testing.RawPeer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.ResourceLeakDetector;
import org.fusesource.leveldbjni.JniDBFactory;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBIterator;
import org.iq80.leveldb.Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import static dev.levelshare.testing.Bytes.b;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Throws more than 10,000 random and mutated frames at a live server: valid requests, valid prefixes with random
 * tails, random opcodes, lengths that lie, huge lengths, broken handshakes. The server must answer or close each
 * connection, never die, leave no iterator, snapshot or buffer behind, and keep serving a well-behaved client that
 * works through the whole run.
 */
class ServerFuzzTest {
    private static final int MAX_FRAME = 64 * 1024;
    private static final int FRAMES = 10_000;
    private static final int SENTINEL_ID = Integer.MAX_VALUE;
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path temp;

    @Test
    void tenThousandBadFramesNeitherKillNorLeakAndAGoodClientKeepsWorking() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        String context = "seed " + seed;
        ResourceLeakDetector.Level leakLevel = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        DB engine = JniDBFactory.factory.open(temp.resolve("db").toFile(), new Options().createIfMissing(true));
        String dbPath = temp.resolve("db").toFile().getCanonicalPath();
        Path socket = temp.resolve("s.sock");
        DbServer server = DbServer.start(engine, dbPath, socket, ServerOptions.defaults().withMaxFrameBytes(MAX_FRAME)
                .withMaxIteratorsPerConnection(8).withMaxSnapshotsPerConnection(8).withHandshakeTimeoutMillis(2_000));
        try (CapturedStderr log = new CapturedStderr();
             RemoteDb good = RemoteDb.connect(socket, dbPath, ClientOptions.defaults().withClientName("good")
                     .withConnections(1))) { // one connection: the count below is of the fuzzers
            for (int i = 0; i < 50; i++) {
                good.put(b("seed-" + i), b("v" + i)); // something for fuzzed reads and iterators to find
            }
            WellBehavedClient wellBehaved = new WellBehavedClient(good);
            Thread goodThread = new Thread(wellBehaved, "well-behaved-client");
            goodThread.start();

            int sent = 0;
            int connections = 0;
            while (sent < FRAMES) {
                sent += fuzzOneConnection(socket, dbPath, random, context + ", connection " + connections);
                connections++;
            }
            wellBehaved.stop();
            goodThread.join(WAIT.toMillis());
            assertNull(wellBehaved.failure.get(), "the well-behaved client failed during the fuzz run (" + context + ")");
            assertTrue(wellBehaved.rounds.get() > 0, "the well-behaved client never ran");

            awaitTrue(() -> server.stats().connectionCount() == 1, "fuzz connections closed (" + context + ")");
            // Awaited, not asserted at once: the well-behaved client's last snapshot close is sent without waiting for
            // its answer (RemoteDb.closeSnapshot), so the server may still be about to free it.
            awaitTrue(() -> server.stats().openIterators() == 0, "iterators left open by fuzz peers (" + context + ")");
            awaitTrue(() -> server.stats().openSnapshots() == 0, "snapshots left open by fuzz peers (" + context + ")");
            try (RemoteDb late = RemoteDb.connect(socket, dbPath, ClientOptions.defaults())) {
                late.put(b("after-fuzz"), b("ok"));
                assertArrayEquals(b("ok"), good.get(b("after-fuzz")), "server still serves new clients");
            }
            assertTrue(connections > 100, "fuzzed " + connections + " connections");

            triggerLeakReports();
            assertFalse(log.text().contains("LEAK:"), "Netty reported a leaked buffer (" + context + "):\n"
                    + log.text().substring(Math.max(0, log.text().indexOf("LEAK:") - 200)));
        } finally {
            ResourceLeakDetector.setLevel(leakLevel);
            server.close();
            engine.close();
        }
    }

    /** Fuzzes one connection; returns how many frames it sent. */
    private int fuzzOneConnection(Path socket, String dbPath, Random random, String context) throws Exception {
        try (RawPeer peer = RawPeer.connect(socket)) {
            int roll = random.nextInt(100);
            if (roll < 4) {
                byte[] garbage = randomBytes(random, FrameLayout.PREAMBLE_BYTES + random.nextInt(64));
                garbage[0] = (byte) ('L' + 1 + random.nextInt(100)); // never the magic
                peer.send(garbage); // not a levelshare client at all
                assertTrue(peer.closedByServerWithin(WAIT), "a non-levelshare peer must be closed (" + context + ")");
                return 1;
            }
            peer.send(RawPeer.preamble(roll < 6 ? 2 + random.nextInt(100) : FrameLayout.PROTOCOL_VERSION));
            if (roll < 6) {
                assertTrue(peer.closedByServerWithin(WAIT), "a wrong protocol version must be closed (" + context + ")");
                return 1;
            }
            if (roll < 12) {
                // Fuzz the handshake itself: garbage, a truncated HELLO, or another frame first.
                peer.send(mutate(random, hello(dbPath)));
                RawPeer.RawFrame reply = peer.readFrameOrClose(WAIT);
                assertTrue(reply == null || reply.opcode == Opcode.OK || reply.opcode == Opcode.ERROR,
                        "handshake reply (" + context + ")");
                return 1;
            }
            peer.send(hello(dbPath));
            RawPeer.RawFrame welcome = peer.readFrame(WAIT);
            assertEquals(Opcode.OK, welcome.opcode, "valid handshake (" + context + ")");

            int frames = 5 + random.nextInt(40);
            for (int i = 0; i < frames; i++) {
                int kind = random.nextInt(100);
                if (kind < 3) {
                    peer.send(lyingLength(random)); // desynchronises the stream: the connection's last frame
                    return i + 2;
                }
                peer.send(kind < 40 ? validRequest(random) : kind < 75 ? mutate(random, validRequest(random))
                        : randomOpcode(random));
            }
            peer.send(RawPeer.frame(Opcode.PING, SENTINEL_ID, b("sentinel")));
            awaitSentinelOrClose(peer, context);
            return frames + 2;
        }
    }

    /** Every request before the sentinel was answered (or the server chose to close). */
    private static void awaitSentinelOrClose(RawPeer peer, String context) throws Exception {
        while (true) {
            RawPeer.RawFrame frame = peer.readFrameOrClose(WAIT);
            if (frame == null) {
                return;
            }
            assertTrue(frame.opcode == Opcode.OK || frame.opcode == Opcode.ERROR,
                    "response opcode " + frame.opcode + " (" + context + ")");
            if (frame.requestId == SENTINEL_ID && frame.opcode == Opcode.OK) {
                assertArrayEquals(b("sentinel"), frame.payload, context);
                return;
            }
        }
    }

    private static byte[] hello(String dbPath) {
        return frameOf(Opcode.HELLO, 1, out -> new Hello.ClientHello(dbPath, 1, "fuzzer").writeTo(out));
    }

    /** A well-formed request of a random kind with random but plausible fields (ids 1..4 often name real ones). */
    private static byte[] validRequest(Random r) {
        int id = 2 + r.nextInt(1_000_000);
        switch (r.nextInt(13)) {
            case 0: return frameOf(Opcode.GET, id, out -> { readOptions(r, out); Wire.writeBytes(out, key(r)); });
            case 1: return frameOf(Opcode.PUT, id, out -> { out.writeByte(r.nextInt(4)); Wire.writeBytes(out, key(r));
                Wire.writeBytes(out, randomBytes(r, r.nextInt(64))); });
            case 2: return frameOf(Opcode.DELETE, id, out -> { out.writeByte(r.nextInt(4)); Wire.writeBytes(out, key(r)); });
            case 3: return frameOf(Opcode.WRITE, id, out -> {
                out.writeByte(r.nextInt(4));
                int n = r.nextInt(5);
                out.writeInt(n);
                for (int i = 0; i < n; i++) {
                    if (r.nextBoolean()) {
                        BatchCodec.writePut(out, key(r), randomBytes(r, r.nextInt(32)));
                    } else {
                        BatchCodec.writeDelete(out, key(r));
                    }
                }
            });
            case 4:
            case 5: return frameOf(Opcode.ITERATOR_OPEN, id, out -> readOptions(r, out));
            case 6:
            case 7: return frameOf(Opcode.ITERATOR_OP, id, out -> {
                out.writeLong(1 + r.nextInt(4));
                Wire.writeBytes(out, r.nextInt(4) == 0 ? key(r) : null);
                out.writeByte(r.nextInt(9));
                Wire.writeBytes(out, r.nextBoolean() ? key(r) : null);
                out.writeInt(r.nextInt(4) == 0 ? r.nextInt() : r.nextInt(100));
            });
            case 8: return frameOf(Opcode.ITERATOR_CLOSE, id, out -> out.writeLong(r.nextInt(6)));
            case 9: return frameOf(Opcode.SNAPSHOT_OPEN, id, out -> { });
            case 10: return frameOf(Opcode.SNAPSHOT_CLOSE, id, out -> out.writeLong(r.nextInt(6)));
            case 11: return frameOf(Opcode.GET_PROPERTY, id, out -> Wire.writeString(out,
                    r.nextBoolean() ? "leveldb.stats" : new String(randomBytes(r, 8))));
            default: return frameOf(Opcode.APPROXIMATE_SIZES, id, out -> {
                int n = r.nextInt(3);
                out.writeInt(n);
                for (int i = 0; i < n; i++) {
                    Wire.writeBytes(out, key(r));
                    Wire.writeBytes(out, key(r));
                }
            });
        }
    }

    private static void readOptions(Random r, ByteBuf out) {
        out.writeByte(r.nextInt(4));
        out.writeLong(r.nextInt(3) == 0 ? 1 + r.nextInt(4) : 0); // sometimes a snapshot id that may exist
    }

    private static byte[] key(Random r) {
        return r.nextBoolean() ? b("seed-" + r.nextInt(60)) : randomBytes(r, r.nextInt(16));
    }

    /** A valid frame cut at a random point of its payload, with random bytes after it; the length stays honest. */
    private static byte[] mutate(Random r, byte[] valid) {
        int headerEnd = FrameLayout.LENGTH_BYTES + FrameLayout.HEADER_BYTES;
        int keep = headerEnd + r.nextInt(valid.length - headerEnd + 1);
        byte[] tail = randomBytes(r, r.nextInt(48));
        if (r.nextInt(5) == 0 && keep > headerEnd) {
            byte[] flipped = valid.clone();
            flipped[headerEnd + r.nextInt(keep - headerEnd)] ^= (byte) (1 << r.nextInt(8)); // one bit flip
            valid = flipped;
        }
        byte[] payload = new byte[keep - headerEnd + tail.length];
        System.arraycopy(valid, headerEnd, payload, 0, keep - headerEnd);
        System.arraycopy(tail, 0, payload, keep - headerEnd, tail.length);
        ByteBuffer header = ByteBuffer.wrap(valid, FrameLayout.LENGTH_BYTES, FrameLayout.HEADER_BYTES);
        return RawPeer.frame(header.get(), header.getInt(), payload);
    }

    /**
     * Any opcode but the compaction controls with random payload. (Compaction suspension is exercised in
     * SlowOperationsTest; nested suspension from several connections blocks inside leveldbjni itself.)
     */
    private static byte[] randomOpcode(Random r) {
        byte opcode;
        do {
            opcode = (byte) r.nextInt(256);
        } while (opcode == Opcode.COMPACT_RANGE || opcode == Opcode.SUSPEND_COMPACTIONS
                || opcode == Opcode.RESUME_COMPACTIONS);
        return RawPeer.frame(opcode, r.nextInt(), randomBytes(r, r.nextInt(64)));
    }

    /** A length field that lies: below the header size, a little off, or far beyond the frame limit. */
    private static byte[] lyingLength(Random r) {
        byte[] frame = validRequest(r);
        int length;
        switch (r.nextInt(4)) {
            case 0: length = r.nextInt(FrameLayout.HEADER_BYTES) - r.nextInt(3) * 1_000_000; break;
            case 1: length = frame.length - FrameLayout.LENGTH_BYTES - 1 - r.nextInt(4); break;
            case 2: length = MAX_FRAME + 1 + r.nextInt(Integer.MAX_VALUE - MAX_FRAME - 1); break;
            default: length = frame.length + r.nextInt(100); break;
        }
        ByteBuffer.wrap(frame).putInt(0, length);
        return frame;
    }

    private static byte[] frameOf(byte opcode, int requestId, Consumer<ByteBuf> payload) {
        ByteBuf frame = Wire.beginFrame(Unpooled.buffer().alloc(), opcode, requestId, 64);
        try {
            payload.accept(frame);
            return ByteBufUtil.getBytes(Wire.endFrame(frame));
        } finally {
            frame.release();
        }
    }

    private static byte[] randomBytes(Random r, int n) {
        byte[] bytes = new byte[n];
        r.nextBytes(bytes);
        return bytes;
    }

    /** Leak reports come when a lost buffer is collected: collect, then allocate so the detector looks. */
    private static void triggerLeakReports() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50); // lets the collector enqueue references; the assertion after does not depend on it
            for (int j = 0; j < 100; j++) {
                PooledByteBufAllocator.DEFAULT.directBuffer(64).release();
            }
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(5);
        }
    }

    /** Writes, reads back, scans and snapshots in a loop, checking every answer, until stopped. */
    private static final class WellBehavedClient implements Runnable {
        private final RemoteDb db;
        private volatile boolean stopped;
        final AtomicLong rounds = new AtomicLong();
        final AtomicReference<Throwable> failure = new AtomicReference<>();

        WellBehavedClient(RemoteDb db) {
            this.db = db;
        }

        void stop() {
            stopped = true;
        }

        @Override
        public void run() {
            try {
                while (!stopped) {
                    long n = rounds.incrementAndGet();
                    byte[] key = b("good-" + n);
                    db.put(key, b("value-" + n));
                    assertArrayEquals(b("value-" + n), db.get(key));
                    if (n % 10 == 0) {
                        try (DBIterator it = db.iterator()) {
                            it.seek(b("good-"));
                            assertTrue(it.hasNext());
                            assertTrue(new String(it.next().getKey()).startsWith("good-"));
                        }
                        org.iq80.leveldb.Snapshot snapshot = db.getSnapshot();
                        db.put(key, b("changed"));
                        assertArrayEquals(b("value-" + n), db.get(key, new org.iq80.leveldb.ReadOptions().snapshot(snapshot)));
                        snapshot.close();
                    }
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        }
    }
}
