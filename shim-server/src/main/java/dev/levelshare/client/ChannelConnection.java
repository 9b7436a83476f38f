package dev.levelshare.client;

import dev.levelshare.LevelShareException;
import dev.levelshare.protocol.FrameHeader;
import dev.levelshare.transport.Polling;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A connection whose I/O is done by the calling threads themselves, on a JDK {@link SocketChannel} (a Unix socket on
 * Java 16+, or TCP): no thread hands a request or an answer to another on the way, because each hand-off is a thread
 * wake-up, and on the machines this runs on a wake-up costs several times the round trip itself.
 *
 * <ul>
 *   <li><b>Writing.</b> A caller queues its encoded request and writes the queue itself if no other thread is writing;
 *       if one is, that thread writes it along with its own (one gathering write for many callers).</li>
 *   <li><b>Reading.</b> A caller that awaits an answer reads the connection itself if no other thread is reading: it
 *       polls for a while ({@link Polling}), then blocks in a selector. Answers it reads for others are handed to their
 *       calls, which wake their threads; each waiting thread decodes its own answer. When the reader's own answer has
 *       come it stops reading and wakes one waiting thread to read next. The other waiting threads sleep without a
 *       timer (a timed sleep costs a kernel timer per call); the reader wakes those whose time is up.</li>
 *   <li><b>Idle.</b> With no caller reading, the process's {@link IdleWatcher} keeps an eye on the connection, so an
 *       idle follower still notices at once that its leader is gone.</li>
 * </ul>
 * The channel stays non-blocking throughout: an app thread interrupted while it waits does not close the connection
 * for everyone (as an interrupted blocking channel operation would).
 */
final class ChannelConnection extends Connection {
    private static final int READ_BUFFER_BYTES = 64 * 1024;
    private static final int MAX_GATHER = 64;
    /** While the socket is full: how long a writer waits before looking again (and reading, if it can). */
    private static final long FULL_SOCKET_WAIT_MILLIS = 1;

    private final SocketChannel channel;
    private final Selector readSelector;
    private final Selector writeSelector;
    private final Polling polling;
    private final String describe;

    private final ReentrantLock writing = new ReentrantLock();
    private final Queue<ByteBuf> outbound = new ConcurrentLinkedQueue<>();
    private final ByteBuffer[] gather = new ByteBuffer[MAX_GATHER]; // guarded by writing
    private final ByteBuf[] gathered = new ByteBuf[MAX_GATHER]; // guarded by writing

    private final ReentrantLock reading = new ReentrantLock();
    /**
     * True while a reader polls: callers leave their queued requests for it to write. It is cleared before the reader
     * blocks or stops and the queue is written after that, so a request queued while it was set is always written.
     */
    private volatile boolean readerWrites;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_BYTES); // guarded by reading
    /** A frame larger than the read buffer, being assembled: its body, and how much of it has arrived. */
    private byte[] largeBody; // guarded by reading
    private int largeFilled; // guarded by reading
    private byte largeOpcode; // guarded by reading
    private int largeRequestId; // guarded by reading

    /** When a reader last stopped reading: the idle watcher takes over after a while. */
    volatile long lastReadNanos = System.nanoTime();
    /** The idle watcher's registration of this channel; set once, by the watcher. */
    volatile SelectionKey watchKey;
    /** The idle watcher waits for this channel to become readable. */
    volatile boolean watched;

    private ChannelConnection(SocketChannel channel, String dbPath, ClientOptions options, String describe)
            throws IOException {
        super(dbPath, options);
        this.channel = channel;
        this.polling = options.polling();
        this.describe = describe;
        this.readSelector = Selector.open();
        this.writeSelector = Selector.open();
        channel.register(readSelector, SelectionKey.OP_READ);
        channel.register(writeSelector, SelectionKey.OP_WRITE);
    }

    /** Connects to {@code endpoint} and checks that it serves {@code canonicalDbPath}. */
    static ChannelConnection connect(Endpoint endpoint, String canonicalDbPath, String wanted, ClientOptions options) {
        SocketChannel channel;
        try {
            channel = endpoint.isTcp() ? SocketChannels.connectTcp(endpoint.nettyAddress(), options.connectTimeoutMillis())
                    : SocketChannels.connectUnix(endpoint.socketPath(), options.connectTimeoutMillis());
        } catch (IOException e) {
            throw endpoint.connectFailure(wanted, e);
        }
        ChannelConnection connection;
        try {
            connection = new ChannelConnection(channel, wanted, options, endpoint.toString());
        } catch (IOException e) {
            closeQuietly(channel);
            throw new LevelShareException("levelshare: cannot connect to " + endpoint + ": " + e, e);
        }
        try {
            connection.handshake(endpoint, canonicalDbPath);
        } catch (RuntimeException e) {
            connection.close();
            throw e;
        }
        IdleWatcher.INSTANCE.watch(connection);
        return connection;
    }

    @Override
    ByteBufAllocator alloc() {
        return ByteBufAllocator.DEFAULT;
    }

    @Override
    boolean isOpen() {
        return super.isOpen() && channel.isOpen();
    }

    // ---- writing ------------------------------------------------------------------------------------------------

    /**
     * Queues the frame, and writes the queue unless another thread will: one that is writing (it writes this frame
     * too), or a reader that is polling (it writes what callers queued at its next turn, many frames in one write:
     * with many threads calling, that saves most of their write calls).
     */
    @Override
    void send(ByteBuf frame) {
        outbound.add(frame);
        if (!readerWrites) {
            writeQueuedIfFree();
        }
    }

    /** Writes the queue if no other thread is writing; that one writes whatever is queued before it stops. */
    private void writeQueuedIfFree() {
        while (!outbound.isEmpty() && writing.tryLock()) {
            try {
                writeQueued();
            } catch (IOException | RuntimeException e) {
                failQueued(e);
                connectionLost(e);
            } finally {
                writing.unlock();
            }
        }
    }

    private void writeQueued() throws IOException {
        while (true) {
            int n = 0;
            ByteBuf frame;
            while (n < MAX_GATHER && (frame = outbound.poll()) != null) {
                gathered[n] = frame;
                gather[n] = frame.nioBuffer();
                n++;
            }
            if (n == 0) {
                return;
            }
            try {
                writeFully(n);
            } catch (IOException | RuntimeException e) {
                for (int i = 0; i < n; i++) {
                    if (gather[i].position() == 0) {
                        failUnsent(gathered[i], e); // nothing of it left: no leader can have seen it
                    }
                }
                throw e;
            } finally {
                for (int i = 0; i < n; i++) {
                    gathered[i].release();
                    gathered[i] = null;
                    gather[i] = null;
                }
            }
        }
    }

    private void writeFully(int n) throws IOException {
        int first = 0;
        long deadline = 0;
        while (first < n) {
            // One buffer (the usual case without contention): write(2), without the JDK's gathering machinery.
            long written = n - first == 1 ? channel.write(gather[first]) : channel.write(gather, first, n - first);
            while (first < n && !gather[first].hasRemaining()) {
                first++;
            }
            if (written == 0 && first < n) {
                if (deadline == 0) {
                    deadline = System.nanoTime() + requestTimeoutNanos();
                } else if (System.nanoTime() > deadline) {
                    // Part of a frame may be out: the stream cannot be resumed, only dropped.
                    throw new IOException("the leader of " + dbPath() + " has not read for "
                            + options.requestTimeoutMillis() + " ms (frozen?)");
                }
                awaitWritable();
            }
        }
    }

    /**
     * The socket is full: the server reads no more until its answers are read, so while waiting for room, read them
     * if no other thread is (a thread writing a big batch would otherwise wait for itself).
     */
    private void awaitWritable() throws IOException {
        if (reading.tryLock()) {
            try {
                readAvailable();
            } finally {
                reading.unlock();
            }
            wakeNextReader();
        }
        try {
            writeSelector.select(FULL_SOCKET_WAIT_MILLIS);
            writeSelector.selectedKeys().clear();
        } catch (ClosedSelectorException e) {
            throw new IOException("connection closed", e);
        }
    }

    /** Fails the calls of every frame still queued as not sent, and releases the frames. */
    private void failQueued(Throwable cause) {
        ByteBuf frame;
        while ((frame = outbound.poll()) != null) {
            failUnsent(frame, cause);
            frame.release();
        }
    }

    // ---- reading and waiting ------------------------------------------------------------------------------------

    @Override
    <T> T await(PendingCall<T> call) {
        long deadline = call.deadline;
        boolean interrupted = Thread.interrupted(); // a DB call is not interruptible; the flag is restored afterwards
        try {
            while (!call.isDone()) {
                if (reading.tryLock()) {
                    try {
                        interrupted |= readUntil(call, deadline);
                    } finally {
                        reading.unlock();
                        lastReadNanos = System.nanoTime();
                    }
                    wakeNextReader();
                } else {
                    waitForReader(call);
                    interrupted |= Thread.interrupted();
                }
                if (!call.isDone() && System.nanoTime() - deadline >= 0) {
                    forget(call);
                    if (call.abandon()) {
                        wakeNextReader(); // this thread may have been the one chosen to read next
                        throw timedOut(call);
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return call.result();
    }

    /**
     * Reads (and hands out) answers until {@code call} has its own, polling first, then blocking. Returns whether the
     * thread was interrupted meanwhile (the flag is cleared, so that the selector blocks again).
     */
    private boolean readUntil(PendingCall<?> call, long deadline) {
        if (watched) {
            IdleWatcher.INSTANCE.unwatch(this);
        }
        boolean interrupted = false;
        readerWrites = true;
        try {
            long pollUntil = System.nanoTime() + polling.budgetNanos();
            int step = 0;
            while (!call.isDone()) {
                if (!outbound.isEmpty()) {
                    writeQueuedIfFree();
                }
                if (readAvailable() > 0) {
                    pollUntil = System.nanoTime() + polling.budgetNanos();
                    step = 0;
                    continue;
                }
                long now = System.nanoTime();
                if (now - deadline >= 0 || !isOpen()) {
                    return interrupted;
                }
                if (now - pollUntil < 0) {
                    Polling.pause(step++);
                } else {
                    readerWrites = false; // asleep, it cannot write for others: they write their own
                    writeQueuedIfFree();
                    long until = earliestDeadline(deadline);
                    readSelector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(until - now) + 1));
                    readSelector.selectedKeys().clear();
                    interrupted |= Thread.interrupted();
                    wakeExpired();
                    readerWrites = true;
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            connectionLost(e instanceof IOException ? e : null);
        } finally {
            readerWrites = false;
            writeQueuedIfFree();
        }
        return interrupted;
    }

    /**
     * Someone else is reading: sleep until it hands this call its answer, stops reading (then take over), or finds
     * this call's time is up. No timer: the reader keeps the time for everyone ({@link #wakeExpired}).
     */
    private void waitForReader(PendingCall<?> call) {
        call.waitingThread(Thread.currentThread());
        try {
            // Checked after announcing this thread: a reader that stops reading either is seen here as gone, or sees
            // this thread waiting and wakes it.
            if (!call.isDone() && reading.isLocked() && !call.expired(System.nanoTime())) {
                LockSupport.park(this);
            }
        } finally {
            call.waitingThread(null);
        }
    }

    /** The earliest time a waiting call gives up, at the latest {@code own}: how long the reader may block. */
    private long earliestDeadline(long own) {
        long earliest = own;
        for (PendingCall<?> waiting : inFlight()) {
            if (waiting.deadline - earliest < 0) {
                earliest = waiting.deadline;
            }
        }
        return earliest;
    }

    /** Wakes the waiting threads whose time is up (they give up and say so). */
    private void wakeExpired() {
        long now = System.nanoTime();
        for (PendingCall<?> waiting : inFlight()) {
            if (waiting.expired(now)) {
                waiting.wakeWaiter();
            }
        }
    }

    /** After a reader stopped: wakes one thread still waiting for an answer, to read next. */
    private void wakeNextReader() {
        if (reading.isLocked()) {
            return; // someone reads already
        }
        for (PendingCall<?> waiting : inFlight()) {
            if (waiting.wakeWaiter()) {
                return;
            }
        }
    }

    /**
     * Called by the idle watcher when the channel became readable while nobody was reading: reads what came (an answer
     * to a request nobody awaits, or the end of the stream) if no caller has started reading meanwhile.
     */
    void readWhileIdle() {
        if (!reading.tryLock()) {
            IdleWatcher.INSTANCE.unwatch(this); // a caller reads: the watcher would only wake at its every answer
            return;
        }
        try {
            readAvailable();
        } catch (IOException | RuntimeException e) {
            connectionLost(e);
        } finally {
            reading.unlock();
        }
        wakeNextReader();
    }

    /** True while no caller reads this connection. */
    boolean idle() {
        return !reading.isLocked();
    }

    /** Registers the channel with the idle watcher's selector, interested in nothing yet. */
    SelectionKey register(Selector watcher, Object attachment) throws java.nio.channels.ClosedChannelException {
        return channel.register(watcher, 0, attachment);
    }

    /** Reads what the socket holds now (without blocking) and hands out every whole frame; bytes read, 0 if none. */
    private int readAvailable() throws IOException {
        int total = 0;
        while (true) {
            int n = channel.read(readBuffer);
            if (n < 0) {
                throw new EOFException("the leader closed the connection");
            }
            if (n == 0) {
                return total;
            }
            total += n;
            readBuffer.flip();
            try {
                dispatchFrames();
            } finally {
                readBuffer.compact();
            }
        }
    }

    private void dispatchFrames() throws IOException {
        while (true) {
            if (largeBody != null) {
                int take = Math.min(readBuffer.remaining(), largeBody.length - largeFilled);
                readBuffer.get(largeBody, largeFilled, take);
                largeFilled += take;
                if (largeFilled < largeBody.length) {
                    return;
                }
                byte[] body = largeBody;
                largeBody = null;
                dispatch(largeOpcode, largeRequestId, Unpooled.wrappedBuffer(body));
                continue;
            }
            int start = readBuffer.position();
            if (readBuffer.remaining() < FrameHeader.BYTES) {
                return;
            }
            int length = FrameHeader.length(readBuffer, start);
            if (!FrameHeader.isValidLength(length)) {
                throw new IOException("corrupt answer stream from the leader: " + FrameHeader.invalidLength(length));
            }
            byte opcode = FrameHeader.opcode(readBuffer, start);
            int requestId = FrameHeader.requestId(readBuffer, start);
            int bodyBytes = FrameHeader.bodyBytes(length);
            int frameBytes = FrameHeader.frameBytes(length);
            if (frameBytes <= readBuffer.remaining()) {
                byte[] body = new byte[bodyBytes];
                readBuffer.position(start + FrameHeader.BYTES);
                readBuffer.get(body);
                dispatch(opcode, requestId, Unpooled.wrappedBuffer(body));
            } else if (frameBytes > readBuffer.capacity()) {
                readBuffer.position(start + FrameHeader.BYTES);
                largeBody = new byte[bodyBytes];
                largeFilled = 0;
                largeOpcode = opcode;
                largeRequestId = requestId;
            } else {
                return; // the rest of this frame has not arrived yet
            }
        }
    }

    /** Closes the channel and its selectors (a thread blocked in one returns); waiting threads wake and see it. */
    @Override
    void closeTransport() {
        closeQuietly(channel);
        closeQuietly(readSelector);
        closeQuietly(writeSelector);
        if (writing.tryLock()) {
            try {
                failQueued(null); // a writer holding the lock fails them itself when its write fails
            } finally {
                writing.unlock();
            }
        }
        wakeNextReader();
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // closing: nothing left to do about it
        }
    }

    @Override
    public String toString() {
        return "connection to " + describe;
    }
}
