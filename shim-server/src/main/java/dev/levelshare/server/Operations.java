package dev.levelshare.server;

import dev.levelshare.engine.CompactionSuspensions;
import dev.levelshare.engine.LocalEngine;
import dev.levelshare.hooks.Update;
import dev.levelshare.protocol.AdminCodec;
import dev.levelshare.protocol.BatchCodec;
import dev.levelshare.protocol.ErrorCode;
import dev.levelshare.protocol.Frame;
import dev.levelshare.protocol.IteratorCodec;
import dev.levelshare.protocol.KeyValueCodec;
import dev.levelshare.protocol.MalformedPayloadException;
import dev.levelshare.protocol.Opcode;
import dev.levelshare.protocol.RequestRefusedException;
import dev.levelshare.protocol.ServerStatus;
import dev.levelshare.protocol.WireOptions;
import io.netty.buffer.ByteBuf;
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

    private final LocalEngine db;
    private final String dbPath;
    private final String engine;
    private final long pid;
    private final boolean readOnly;
    private final WriteHooks hooks;
    private final CompactionSuspensions suspensions;
    private final ServerStats stats;

    Operations(LocalEngine db, String dbPath, String engine, long pid, ServerOptions options,
               CompactionSuspensions suspensions, ServerStats stats) {
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
            case Opcode.WRITE:
                return WireOptions.Write.syncOf(frame.payload()) || frame.payload().readableBytes() > LARGE_BATCH_BYTES;
            default:
                return false;
        }
    }

    /**
     * A first capacity for the answer's buffer. A chunk of entries grows to hundreds of KB, and each doubling of a
     * buffer copies what it holds; other answers are small.
     */
    static int responseSizeHint(Frame frame) {
        if (frame.opcode() != Opcode.ITERATOR_OP) {
            return 64;
        }
        long entries = Math.max(0, IteratorCodec.peekCount(frame.payload()));
        return (int) Math.min(ServedIterator.MAX_CHUNK_BYTES + 16 * 1024, 64 + entries * 160);
    }

    void execute(Frame frame, ServedConnection connection, ByteBuf out) {
        ConnectionResources resources = connection.resources;
        ByteBuf in = frame.payload();
        switch (frame.opcode()) {
            case Opcode.PING:
                AdminCodec.writeRaw(out, AdminCodec.readRaw(in));
                break;
            case Opcode.GET: {
                KeyValueCodec.Get get = KeyValueCodec.readGet(in);
                KeyValueCodec.writeValue(out, db.get(get.key, readOptions(get.options, resources)));
                break;
            }
            case Opcode.PUT: {
                requireWritable("put");
                KeyValueCodec.Update put = KeyValueCodec.readPut(in);
                WriteOptions options = writeOptions(put.options, resources);
                if (!hooks.isEmpty()) {
                    hooks.check(connection, Update.put(put.key, put.value));
                }
                KeyValueCodec.writeSnapshotId(out, register(db.put(put.key, put.value, options, put.options.writeId),
                        resources));
                break;
            }
            case Opcode.DELETE: {
                requireWritable("delete");
                KeyValueCodec.Update delete = KeyValueCodec.readDelete(in);
                WriteOptions options = writeOptions(delete.options, resources);
                if (!hooks.isEmpty()) {
                    hooks.check(connection, Update.delete(delete.key));
                }
                KeyValueCodec.writeSnapshotId(out, register(db.delete(delete.key, options, delete.options.writeId),
                        resources));
                break;
            }
            case Opcode.WRITE:
                requireWritable("write");
                KeyValueCodec.writeSnapshotId(out, register(writeBatch(in, connection), resources));
                break;
            case Opcode.ITERATOR_OPEN:
                IteratorCodec.writeId(out, resources.openIterator(readOptions(IteratorCodec.readOpen(in), resources)));
                break;
            case Opcode.ITERATOR_OP:
                iteratorOp(IteratorCodec.readOp(in), resources, out);
                break;
            case Opcode.ITERATOR_CLOSE:
                resources.closeIterator(IteratorCodec.readId(in));
                break;
            case Opcode.SNAPSHOT_OPEN:
                AdminCodec.requireEmpty(in);
                resources.requireSnapshotCapacity();
                AdminCodec.writeId(out, resources.addSnapshot(db.getSnapshot()));
                break;
            case Opcode.SNAPSHOT_CLOSE:
                resources.closeSnapshot(AdminCodec.readId(in));
                break;
            case Opcode.APPROXIMATE_SIZES:
                AdminCodec.writeSizes(out, db.getApproximateSizes(AdminCodec.readRanges(in)));
                break;
            case Opcode.GET_PROPERTY:
                AdminCodec.writeString(out, db.getProperty(AdminCodec.readString(in)));
                break;
            case Opcode.COMPACT_RANGE: {
                byte[][] range = AdminCodec.readRange(in);
                db.compactRange(range[0], range[1]);
                break;
            }
            case Opcode.SUSPEND_COMPACTIONS:
                AdminCodec.requireEmpty(in);
                suspendCompactions();
                if (!resources.suspended()) {
                    suspensions.resume(); // the client left while the engine was suspending: nobody would undo it
                }
                break;
            case Opcode.RESUME_COMPACTIONS:
                AdminCodec.requireEmpty(in);
                if (resources.resumed()) {
                    suspensions.resume();
                }
                break;
            case Opcode.STATUS:
                AdminCodec.requireEmpty(in);
                status().writeTo(out);
                break;
            case Opcode.FORGET_WRITER: {
                long writer = AdminCodec.readId(in);
                if (db.applied() != null) {
                    db.applied().forget(writer);
                }
                break;
            }
            default:
                throw new RequestRefusedException(ErrorCode.UNKNOWN_OPCODE,
                        "levelshare: unknown request " + Opcode.name(frame.opcode()));
        }
    }

    ServerStatus status() {
        return stats.status(dbPath, pid, engine, readOnly, db.applied());
    }

    private void iteratorOp(IteratorCodec.Op op, ConnectionResources resources, ByteBuf out) {
        ServedIterator iterator = resources.iterator(op.iteratorId);
        if (op.repositionKey != null) {
            iterator.reposition(op.repositionKey);
        }
        IteratorCodec.ChunkWriter chunk = new IteratorCodec.ChunkWriter(out);
        switch (op.op) {
            case IteratorCodec.SEEK:
                iterator.seek(op.seekKey);
                iterator.writeForwardChunk(chunk, op.count);
                break;
            case IteratorCodec.SEEK_TO_FIRST:
                iterator.seekToFirst();
                iterator.writeForwardChunk(chunk, op.count);
                break;
            case IteratorCodec.SEEK_TO_LAST:
                iterator.seekToLast();
                iterator.writeForwardChunk(chunk, op.count);
                break;
            case IteratorCodec.NEXT_CHUNK:
                iterator.writeForwardChunk(chunk, op.count);
                break;
            case IteratorCodec.PREV_CHUNK:
                iterator.writeReverseChunk(chunk, Math.max(1, op.count));
                break;
            case IteratorCodec.PEEK_PREV:
                iterator.writePeekPrev(chunk);
                break;
            case IteratorCodec.HAS_PREV:
                iterator.writeHasPrev(chunk);
                break;
            default:
                throw new MalformedPayloadException("unknown iterator operation " + op.op);
        }
    }

    private Snapshot writeBatch(ByteBuf in, ServedConnection connection) {
        List<Update> updates = hooks.isEmpty() ? null : new ArrayList<>();
        WriteBatch batch = db.createWriteBatch();
        try {
            WireOptions.Write options = BatchCodec.read(in, new BatchCodec.Updates() {
                @Override
                public void put(byte[] key, byte[] value) {
                    batch.put(key, value);
                    if (updates != null) {
                        updates.add(Update.put(key, value));
                    }
                }

                @Override
                public void delete(byte[] key) {
                    batch.delete(key);
                    if (updates != null) {
                        updates.add(Update.delete(key));
                    }
                }
            });
            WriteOptions writeOptions = writeOptions(options, connection.resources);
            if (updates != null) {
                hooks.check(connection, updates);
            }
            return db.write(batch, writeOptions, options.writeId); // a proof joins the decoded batch
        } finally {
            closeQuietly(batch);
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

    private static ReadOptions readOptions(WireOptions.Read wire, ConnectionResources resources) {
        ReadOptions options = new ReadOptions().fillCache(wire.fillCache).verifyChecksums(wire.verifyChecksums);
        if (wire.snapshotId != WireOptions.NO_SNAPSHOT) {
            options.snapshot(resources.snapshot(wire.snapshotId));
        }
        return options;
    }

    private void requireWritable(String what) {
        if (readOnly) {
            throw new RequestRefusedException(ErrorCode.READ_ONLY,
                    "levelshare: " + dbPath + " is served read-only; " + what + " refused");
        }
    }

    private static WriteOptions writeOptions(WireOptions.Write wire, ConnectionResources resources) {
        if (wire.snapshot) {
            resources.requireSnapshotCapacity();
        }
        return new WriteOptions().sync(wire.sync).snapshot(wire.snapshot);
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
