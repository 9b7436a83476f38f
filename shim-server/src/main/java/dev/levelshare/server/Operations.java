package dev.levelshare.server;

import dev.levelshare.engine.CompactionSuspensions;
import dev.levelshare.hooks.Update;
import dev.levelshare.protocol.BatchKinds;
import dev.levelshare.protocol.ErrorCode;
import dev.levelshare.protocol.Frame;
import dev.levelshare.protocol.IteratorOp;
import dev.levelshare.protocol.MalformedPayloadException;
import dev.levelshare.protocol.Opcode;
import dev.levelshare.protocol.RequestRefusedException;
import dev.levelshare.protocol.ServerStatus;
import dev.levelshare.protocol.Wire;
import dev.levelshare.protocol.WireOptions;
import io.netty.buffer.ByteBuf;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.Range;
import org.iq80.leveldb.ReadOptions;
import org.iq80.leveldb.Snapshot;
import org.iq80.leveldb.WriteBatch;
import org.iq80.leveldb.WriteOptions;

import java.util.ArrayList;
import java.util.List;

/**
 * Decodes each request and runs it against the engine, writing the OK payload. Engine exceptions propagate to the
 * caller, which turns them into ERROR frames. Threading is the caller's business ({@link RequestHandler}); this class
 * only says which requests are slow enough to keep off the event loop ({@link #runsOffLoop}).
 */
final class Operations {
    /** Batches above this size are applied off the event loop: they can take milliseconds. */
    private static final int LARGE_BATCH_BYTES = 1024 * 1024;

    private final DB db;
    private final String dbPath;
    private final String engine;
    private final long pid;
    private final boolean readOnly;
    private final WriteHooks hooks;
    private final CompactionSuspensions suspensions;
    private final ServerStats stats;

    Operations(DB db, String dbPath, String engine, long pid, ServerOptions options, CompactionSuspensions suspensions,
               ServerStats stats) {
        this.db = db;
        this.dbPath = dbPath;
        this.engine = engine;
        this.pid = pid;
        this.readOnly = options.readOnly();
        this.hooks = new WriteHooks(options.writeHooks(), dbPath);
        this.suspensions = suspensions;
        this.stats = stats;
    }

    /** Requests that can block for long (disk syncs, compaction, big batches) and so must not run on an event loop. */
    static boolean runsOffLoop(Frame frame) {
        switch (frame.opcode()) {
            case Opcode.COMPACT_RANGE:
            case Opcode.SUSPEND_COMPACTIONS:
            case Opcode.RESUME_COMPACTIONS:
            case Opcode.APPROXIMATE_SIZES:
            case Opcode.GET_PROPERTY:
                return true;
            case Opcode.PUT:
            case Opcode.DELETE:
            case Opcode.WRITE: {
                ByteBuf payload = frame.payload();
                boolean sync = payload.isReadable() && (payload.getByte(payload.readerIndex()) & WireOptions.WRITE_SYNC) != 0;
                return sync || payload.readableBytes() > LARGE_BATCH_BYTES;
            }
            default:
                return false;
        }
    }

    void execute(Frame frame, ServedConnection connection, ByteBuf out) {
        ConnectionResources resources = connection.resources;
        ByteBuf in = frame.payload();
        switch (frame.opcode()) {
            case Opcode.PING:
                out.writeBytes(in);
                break;
            case Opcode.GET: {
                ReadOptions options = readOptions(in, resources);
                byte[] key = Wire.readBytes(in);
                Wire.requireFullyRead(in);
                Wire.writeBytes(out, db.get(key, options));
                break;
            }
            case Opcode.PUT: {
                WriteOptions options = writeOptions(in, resources, "put");
                byte[] key = Wire.readBytes(in);
                byte[] value = Wire.readBytes(in);
                Wire.requireFullyRead(in);
                if (!hooks.isEmpty()) {
                    hooks.check(connection, Update.put(key, value));
                }
                out.writeLong(register(db.put(key, value, options), resources));
                break;
            }
            case Opcode.DELETE: {
                WriteOptions options = writeOptions(in, resources, "delete");
                byte[] key = Wire.readBytes(in);
                Wire.requireFullyRead(in);
                if (!hooks.isEmpty()) {
                    hooks.check(connection, Update.delete(key));
                }
                out.writeLong(register(db.delete(key, options), resources));
                break;
            }
            case Opcode.WRITE:
                out.writeLong(register(writeBatch(in, connection), resources));
                break;
            case Opcode.ITERATOR_OPEN: {
                ReadOptions options = readOptions(in, resources);
                Wire.requireFullyRead(in);
                out.writeLong(resources.openIterator(options));
                break;
            }
            case Opcode.ITERATOR_OP:
                iteratorOp(in, resources, out);
                break;
            case Opcode.ITERATOR_CLOSE:
                resources.closeIterator(Wire.readLong(in));
                Wire.requireFullyRead(in);
                break;
            case Opcode.SNAPSHOT_OPEN:
                Wire.requireFullyRead(in);
                resources.requireSnapshotCapacity();
                out.writeLong(resources.addSnapshot(db.getSnapshot()));
                break;
            case Opcode.SNAPSHOT_CLOSE:
                resources.closeSnapshot(Wire.readLong(in));
                Wire.requireFullyRead(in);
                break;
            case Opcode.APPROXIMATE_SIZES:
                approximateSizes(in, out);
                break;
            case Opcode.GET_PROPERTY: {
                String name = Wire.readString(in);
                Wire.requireFullyRead(in);
                Wire.writeString(out, db.getProperty(name));
                break;
            }
            case Opcode.COMPACT_RANGE: {
                byte[] begin = Wire.readBytes(in);
                byte[] end = Wire.readBytes(in);
                Wire.requireFullyRead(in);
                db.compactRange(begin, end);
                break;
            }
            case Opcode.SUSPEND_COMPACTIONS:
                Wire.requireFullyRead(in);
                suspendCompactions();
                if (!resources.suspended()) {
                    suspensions.resume(); // the client left while the engine was suspending: nobody would undo it
                }
                break;
            case Opcode.RESUME_COMPACTIONS:
                Wire.requireFullyRead(in);
                if (resources.resumed()) {
                    suspensions.resume();
                }
                break;
            case Opcode.STATUS:
                Wire.requireFullyRead(in);
                status().writeTo(out);
                break;
            default:
                throw new RequestRefusedException(ErrorCode.UNKNOWN_OPCODE,
                        "levelshare: unknown request " + Opcode.name(frame.opcode()));
        }
    }

    ServerStatus status() {
        return stats.status(dbPath, pid, engine, readOnly);
    }

    private void iteratorOp(ByteBuf in, ConnectionResources resources, ByteBuf out) {
        ServedIterator iterator = resources.iterator(Wire.readLong(in));
        byte[] reposition = Wire.readBytes(in);
        byte op = Wire.readByte(in);
        byte[] seekKey = Wire.readBytes(in);
        int count = Wire.readInt(in);
        Wire.requireFullyRead(in);
        if (count < 0) {
            throw new MalformedPayloadException("negative iterator chunk size " + count);
        }
        if (reposition != null) {
            iterator.reposition(reposition);
        }
        switch (op) {
            case IteratorOp.SEEK:
                iterator.seek(seekKey);
                iterator.writeForwardChunk(out, count);
                break;
            case IteratorOp.SEEK_TO_FIRST:
                iterator.seekToFirst();
                iterator.writeForwardChunk(out, count);
                break;
            case IteratorOp.SEEK_TO_LAST:
                iterator.seekToLast();
                iterator.writeForwardChunk(out, count);
                break;
            case IteratorOp.NEXT_CHUNK:
                iterator.writeForwardChunk(out, count);
                break;
            case IteratorOp.PREV_CHUNK:
                iterator.writeReverseChunk(out, Math.max(1, count));
                break;
            case IteratorOp.PEEK_PREV:
                iterator.writePeekPrev(out);
                break;
            case IteratorOp.HAS_PREV:
                iterator.writeHasPrev(out);
                break;
            default:
                throw new MalformedPayloadException("unknown iterator operation " + op);
        }
    }

    private Snapshot writeBatch(ByteBuf in, ServedConnection connection) {
        WriteOptions options = writeOptions(in, connection.resources, "write");
        int count = Wire.readCount(in, 1 + 4);
        List<Update> updates = hooks.isEmpty() ? null : new ArrayList<>(count);
        WriteBatch batch = db.createWriteBatch();
        try {
            for (int i = 0; i < count; i++) {
                byte kind = Wire.readByte(in);
                byte[] key = Wire.readBytes(in);
                if (kind == BatchKinds.PUT) {
                    byte[] value = Wire.readBytes(in);
                    batch.put(key, value);
                    if (updates != null) {
                        updates.add(Update.put(key, value));
                    }
                } else if (kind == BatchKinds.DELETE) {
                    batch.delete(key);
                    if (updates != null) {
                        updates.add(Update.delete(key));
                    }
                } else {
                    throw new MalformedPayloadException("unknown batch entry kind " + kind);
                }
            }
            Wire.requireFullyRead(in);
            if (updates != null) {
                hooks.check(connection, updates);
            }
            return db.write(batch, options);
        } finally {
            closeQuietly(batch);
        }
    }

    private void approximateSizes(ByteBuf in, ByteBuf out) {
        int n = Wire.readCount(in, 8);
        Range[] ranges = new Range[n];
        for (int i = 0; i < n; i++) {
            ranges[i] = new Range(Wire.readBytes(in), Wire.readBytes(in));
        }
        Wire.requireFullyRead(in);
        long[] sizes = db.getApproximateSizes(ranges);
        out.writeInt(sizes.length);
        for (long size : sizes) {
            out.writeLong(size);
        }
    }

    private void suspendCompactions() {
        try {
            suspensions.suspend();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RequestRefusedException(ErrorCode.SHUTTING_DOWN, "levelshare: server shutting down");
        }
    }

    private ReadOptions readOptions(ByteBuf in, ConnectionResources resources) {
        int flags = Wire.readByte(in);
        long snapshotId = Wire.readLong(in);
        ReadOptions options = new ReadOptions()
                .fillCache((flags & WireOptions.READ_FILL_CACHE) != 0)
                .verifyChecksums((flags & WireOptions.READ_VERIFY_CHECKSUMS) != 0);
        if (snapshotId != WireOptions.NO_SNAPSHOT) {
            options.snapshot(resources.snapshot(snapshotId));
        }
        return options;
    }

    private WriteOptions writeOptions(ByteBuf in, ConnectionResources resources, String what) {
        if (readOnly) {
            throw new RequestRefusedException(ErrorCode.READ_ONLY,
                    "levelshare: " + dbPath + " is served read-only; " + what + " refused");
        }
        int flags = Wire.readByte(in);
        boolean snapshot = (flags & WireOptions.WRITE_SNAPSHOT) != 0;
        if (snapshot) {
            resources.requireSnapshotCapacity();
        }
        return new WriteOptions().sync((flags & WireOptions.WRITE_SYNC) != 0).snapshot(snapshot);
    }

    private static long register(Snapshot snapshot, ConnectionResources resources) {
        return snapshot == null ? WireOptions.NO_SNAPSHOT : resources.addSnapshot(snapshot);
    }

    private static void closeQuietly(WriteBatch batch) {
        try {
            batch.close();
        } catch (Exception e) {
            // Freeing a batch has no outcome the client could act on.
        }
    }
}
