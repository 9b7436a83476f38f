package dev.levelshare.client;

import dev.levelshare.LevelShareException;
import dev.levelshare.config.Settings;
import dev.levelshare.os.SocketPaths;
import dev.levelshare.protocol.AdminCodec;
import dev.levelshare.protocol.Hello;
import dev.levelshare.protocol.IteratorCodec;
import dev.levelshare.protocol.KeyValueCodec;
import dev.levelshare.protocol.Opcode;
import dev.levelshare.protocol.ServerStatus;
import dev.levelshare.protocol.WireOptions;
import dev.levelshare.protocol.WriteId;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBIterator;
import org.iq80.leveldb.Range;
import org.iq80.leveldb.ReadOptions;
import org.iq80.leveldb.Snapshot;
import org.iq80.leveldb.WriteBatch;
import org.iq80.leveldb.WriteOptions;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A {@link DB} served by another process. Every method has the semantics of the engine that process runs: its results,
 * its refusals (same exception class, same message), its iterator behaviour. Thread-safe: threads share a few
 * connections (one per core, each thread keeping to one), with many requests in flight on each. On Java 16+ each call
 * does its own I/O (no hand-off to another thread on the way); on Java 11-15 an event loop does.
 *
 * <pre>{@code
 * try (DB db = RemoteDb.connect(new File("/var/lib/app/db"))) {
 *     db.put(key, value);
 * }
 * }</pre>
 */
public final class RemoteDb implements DB {
    private static final WriteOptions DEFAULT_WRITE = new WriteOptions();
    private static final ReadOptions DEFAULT_READ = new ReadOptions();

    private final Lanes lanes;
    private volatile boolean closed;

    private RemoteDb(Lanes lanes) {
        this.lanes = lanes;
    }

    /** Connects to the process serving {@code dbDir}, found the way every levelshare process finds it. */
    public static RemoteDb connect(File dbDir) throws IOException {
        return connect(dbDir, ClientOptions.defaults());
    }

    public static RemoteDb connect(File dbDir, ClientOptions options) throws IOException {
        String canonical = SocketPaths.canonicalPath(dbDir);
        SocketPaths paths = SocketPaths.fromSettings(Settings.fromSystem());
        return connect(paths.socketFor(dbDir), canonical, options);
    }

    /** Connects to the server at {@code socket}, which must serve the DB at {@code canonicalDbPath}. */
    public static RemoteDb connect(Path socket, String canonicalDbPath, ClientOptions options) {
        return connect(Endpoint.unixSocket(socket), canonicalDbPath, options);
    }

    /**
     * Connects to a sidecar that serves over TCP ({@code serve <dir> --tcp HOST:PORT --token-file F}) with the same
     * token file, whatever DB it serves ({@link #server()} says which).
     *
     * <pre>{@code
     * try (DB db = RemoteDb.connectTcp("127.0.0.1:7000", Paths.get("/etc/myapp/levelshare.token"))) { ... }
     * }</pre>
     */
    public static RemoteDb connectTcp(String hostAndPort, Path tokenFile) throws IOException {
        return connect(Endpoint.tcp(hostAndPort, tokenFile), Hello.ANY_DB, ClientOptions.defaults());
    }

    /**
     * Connects to the server at {@code endpoint}, which must serve {@code canonicalDbPath} ({@link Hello#ANY_DB}: any).
     *
     * @throws LevelShareException if nothing listens there, it refuses this client (uid, token), or serves another DB
     */
    public static RemoteDb connect(Endpoint endpoint, String canonicalDbPath, ClientOptions options) {
        return new RemoteDb(new Lanes(Transports.open(endpoint, canonicalDbPath, options), endpoint, options));
    }

    /** Who serves this DB: pid, engine, limits. */
    public Hello.ServerHello server() {
        return lanes.server();
    }

    int requestsInFlight() {
        return lanes.requestsInFlight();
    }

    boolean isConnected() {
        return !closed && lanes.isOpen();
    }

    void whenLost(Runnable action) {
        lanes.whenLost(action);
    }

    boolean owns(Snapshot snapshot) {
        return snapshot instanceof RemoteSnapshot && ((RemoteSnapshot) snapshot).owner == this;
    }

    /** Server counters and connected clients. */
    public ServerStatus status() {
        checkOpen();
        return lanes.forThisThread().call(Opcode.STATUS, 0, PayloadWriter.EMPTY, ServerStatus::readFrom);
    }

    @Override
    public byte[] get(byte[] key) {
        return get(key, DEFAULT_READ);
    }

    @Override
    public byte[] get(byte[] key, ReadOptions options) {
        checkOpen();
        WireOptions.Read read = wireOptions(options);
        return connectionFor(options).call(Opcode.GET, KeyValueCodec.getSize(key), out -> KeyValueCodec.writeGet(out, read, key),
                KeyValueCodec::readValue);
    }

    @Override
    public DBIterator iterator() {
        return iterator(DEFAULT_READ);
    }

    @Override
    public DBIterator iterator(ReadOptions options) {
        checkOpen();
        WireOptions.Read read = wireOptions(options);
        Connection connection = connectionFor(options);
        long id = connection.call(Opcode.ITERATOR_OPEN, WireOptions.READ_BYTES,
                out -> IteratorCodec.writeOpen(out, read), IteratorCodec::readId);
        return new RemoteIterator(connection, id);
    }

    @Override
    public void put(byte[] key, byte[] value) {
        put(key, value, DEFAULT_WRITE);
    }

    @Override
    public void delete(byte[] key) {
        delete(key, DEFAULT_WRITE);
    }

    @Override
    public void write(WriteBatch updates) {
        write(updates, DEFAULT_WRITE);
    }

    @Override
    public WriteBatch createWriteBatch() {
        checkOpen();
        return new RemoteWriteBatch();
    }

    @Override
    public Snapshot put(byte[] key, byte[] value, WriteOptions options) {
        return put(key, value, options, null);
    }

    Snapshot put(byte[] key, byte[] value, WriteOptions options, WriteId id) {
        checkOpen();
        WireOptions.Write write = wireOptions(options, id);
        Connection connection = lanes.forThisThread();
        return snapshotFrom(connection, connection.call(Opcode.PUT, KeyValueCodec.putSize(key, value),
                out -> KeyValueCodec.writePut(out, write, key, value), KeyValueCodec::readSnapshotId));
    }

    @Override
    public Snapshot delete(byte[] key, WriteOptions options) {
        return delete(key, options, null);
    }

    Snapshot delete(byte[] key, WriteOptions options, WriteId id) {
        checkOpen();
        WireOptions.Write write = wireOptions(options, id);
        Connection connection = lanes.forThisThread();
        return snapshotFrom(connection, connection.call(Opcode.DELETE, KeyValueCodec.deleteSize(key),
                out -> KeyValueCodec.writeDelete(out, write, key), KeyValueCodec::readSnapshotId));
    }

    @Override
    public Snapshot write(WriteBatch updates, WriteOptions options) {
        return write(updates, options, null);
    }

    Snapshot write(WriteBatch updates, WriteOptions options, WriteId id) {
        checkOpen();
        if (!(updates instanceof RemoteWriteBatch)) {
            throw new IllegalArgumentException("levelshare: this batch was not created by this DB's createWriteBatch()");
        }
        RemoteWriteBatch batch = (RemoteWriteBatch) updates;
        long size = batch.encodedBytes();
        if (size > Integer.MAX_VALUE - 64) {
            throw new LevelShareException("levelshare: write batch of " + size + " bytes is too large for one request");
        }
        WireOptions.Write write = wireOptions(options, id);
        Connection connection = lanes.forThisThread();
        return snapshotFrom(connection, connection.call(Opcode.WRITE, (int) size, out -> batch.writeTo(out, write),
                KeyValueCodec::readSnapshotId));
    }

    /**
     * Sent at close, not awaited: a frozen leader must not hold the app's close for the request timeout. Written before
     * the connection closes (the caller's own write, or the event loop's, in order); if it is lost anyway, the leader
     * forgets the writer once its resend window has passed.
     */
    void forgetWriter(long writer) {
        if (!closed && lanes.isOpen()) {
            try {
                lanes.first().start(Opcode.FORGET_WRITER, 8, out -> AdminCodec.writeId(out, writer),
                        ResponseReader.NOTHING);
            } catch (RuntimeException e) {
                // The leader went away meanwhile: the next one forgets the writer once its window has passed.
            }
        }
    }

    @Override
    public Snapshot getSnapshot() {
        checkOpen();
        Connection connection = lanes.forThisThread();
        return new RemoteSnapshot(this, connection, connection.call(Opcode.SNAPSHOT_OPEN, 0, PayloadWriter.EMPTY,
                AdminCodec::readId));
    }

    void closeSnapshot(RemoteSnapshot snapshot) {
        if (!closed && snapshot.connection.isOpen()) {
            // Not awaited: nothing the caller could do about a failure, and the server frees it on disconnect anyway.
            snapshot.connection.start(Opcode.SNAPSHOT_CLOSE, 8, out -> AdminCodec.writeId(out, snapshot.id),
                    ResponseReader.NOTHING);
        }
    }

    @Override
    public long[] getApproximateSizes(Range... ranges) {
        checkOpen();
        return lanes.forThisThread().call(Opcode.APPROXIMATE_SIZES, 64, out -> AdminCodec.writeRanges(out, ranges),
                AdminCodec::readSizes);
    }

    @Override
    public String getProperty(String name) {
        checkOpen();
        return lanes.forThisThread().call(Opcode.GET_PROPERTY, 16, out -> AdminCodec.writeString(out, name),
                AdminCodec::readString);
    }

    @Override
    public void suspendCompactions() {
        checkOpen();
        lanes.first().call(Opcode.SUSPEND_COMPACTIONS, 0, PayloadWriter.EMPTY, ResponseReader.NOTHING);
    }

    @Override
    public void resumeCompactions() {
        checkOpen();
        lanes.first().call(Opcode.RESUME_COMPACTIONS, 0, PayloadWriter.EMPTY, ResponseReader.NOTHING);
    }

    @Override
    public void compactRange(byte[] begin, byte[] end) {
        checkOpen();
        lanes.forThisThread().call(Opcode.COMPACT_RANGE, 16, out -> AdminCodec.writeRange(out, begin, end),
                ResponseReader.NOTHING);
    }

    /** Closes the connection; the server frees this client's iterators and snapshots. */
    @Override
    public void close() {
        closed = true;
        lanes.close();
    }

    private void checkOpen() {
        if (closed) {
            throw new LevelShareException("levelshare: this DB handle for " + lanes.dbPath() + " is closed");
        }
    }

    private WireOptions.Read wireOptions(ReadOptions options) {
        return new WireOptions.Read(options.fillCache(), options.verifyChecksums(), snapshotId(options));
    }

    private static WireOptions.Write wireOptions(WriteOptions options, WriteId id) {
        return new WireOptions.Write(options.sync(), options.snapshot(), id);
    }

    private long snapshotId(ReadOptions options) {
        Snapshot snapshot = options.snapshot();
        if (snapshot == null) {
            return WireOptions.NO_SNAPSHOT;
        }
        if (!(snapshot instanceof RemoteSnapshot) || ((RemoteSnapshot) snapshot).owner != this) {
            throw new IllegalArgumentException("levelshare: the snapshot in ReadOptions was not taken from this DB");
        }
        RemoteSnapshot remote = (RemoteSnapshot) snapshot;
        if (remote.isClosed()) {
            throw new IllegalArgumentException("levelshare: the snapshot in ReadOptions is closed");
        }
        return remote.id;
    }

    /** The connection a read goes on: its snapshot's, or the calling thread's. */
    private Connection connectionFor(ReadOptions options) {
        Snapshot snapshot = options.snapshot();
        return snapshot instanceof RemoteSnapshot ? ((RemoteSnapshot) snapshot).connection : lanes.forThisThread();
    }

    private Snapshot snapshotFrom(Connection connection, Long id) {
        return id == null || id == WireOptions.NO_SNAPSHOT ? null : new RemoteSnapshot(this, connection, id);
    }
}
