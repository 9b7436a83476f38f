package dev.levelshare.client;

import dev.levelshare.LeaderLostException;
import dev.levelshare.LevelShareException;
import dev.levelshare.protocol.Hello;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The connections of one {@link RemoteDb}: one per core (at most {@value #MAX_LANES}), so that many threads are not
 * serialised on one connection's reader and one server loop (BENCHMARKS.md (c) has what a second connection adds).
 * Each thread keeps to one lane; lanes after the first open when a thread first
 * needs them, so a single-threaded app uses one connection. What lives on a connection on the server (a snapshot, an
 * iterator, a compaction suspension) is used through the lane that made it.
 */
final class Lanes {
    private static final int MAX_LANES = 4;

    private final Connection first;
    private final Endpoint endpoint;
    private final ClientOptions options;
    private final AtomicReferenceArray<Connection> lanes;
    private final AtomicInteger nextLane = new AtomicInteger();
    private final ThreadLocal<Integer> laneOfThread = ThreadLocal.withInitial(this::assignLane);
    private final ReentrantLock opening = new ReentrantLock();
    private final AtomicBoolean lost = new AtomicBoolean();
    private final List<Runnable> whenLost = new CopyOnWriteArrayList<>();

    Lanes(Connection first, Endpoint endpoint, ClientOptions options) {
        this.first = first;
        this.endpoint = endpoint;
        this.options = options;
        int n = first instanceof ChannelConnection ? Math.max(1, Math.min(MAX_LANES,
                Math.min(options.connections(), Runtime.getRuntime().availableProcessors()))) : 1;
        this.lanes = new AtomicReferenceArray<>(n);
        lanes.set(0, first);
        first.whenLost(this::laneLost);
    }

    private int assignLane() {
        return Math.floorMod(nextLane.getAndIncrement(), lanes.length());
    }

    /** The lane of the calling thread, opened if it is the first call on it. */
    Connection forThisThread() {
        if (lanes.length() == 1) {
            return first;
        }
        int lane = laneOfThread.get();
        Connection c = lanes.get(lane);
        return c != null ? c : open(lane);
    }

    /** The first lane: where compaction suspensions go (a resume must reach the connection that suspended). */
    Connection first() {
        return first;
    }

    private Connection open(int lane) {
        opening.lock();
        try {
            Connection c = lanes.get(lane);
            if (c == null) {
                if (!isOpen()) {
                    throw notSent("the connections to it are lost");
                }
                c = Transports.open(endpoint, first.server().dbPath, options);
                c.whenLost(this::laneLost);
                lanes.set(lane, c);
            }
            return c;
        } catch (LeaderLostException e) {
            throw e;
        } catch (LevelShareException e) {
            // The leader went away as this lane opened: like any lost connection, the call may go to the next one.
            throw notSent(e.getMessage());
        } finally {
            opening.unlock();
        }
    }

    private static LeaderLostException notSent(String why) {
        return LeaderLostException.notSent("levelshare: cannot open another connection to the leader: " + why, null);
    }

    /** One lane lost means the leader is gone (or the stream broken): every lane is closed, the action runs once. */
    private void laneLost() {
        if (lost.compareAndSet(false, true)) {
            close();
            for (Runnable action : whenLost) {
                if (whenLost.remove(action)) {
                    action.run();
                }
            }
        }
    }

    /** Runs {@code action} (it must not block) once any lane is lost or closed; at once if one already is. */
    void whenLost(Runnable action) {
        whenLost.add(action);
        if (lost.get() && whenLost.remove(action)) {
            action.run();
        }
    }

    boolean isOpen() {
        if (lost.get()) {
            return false;
        }
        for (int i = 0; i < lanes.length(); i++) {
            Connection c = lanes.get(i);
            if (c != null && !c.isOpen()) {
                return false;
            }
        }
        return true;
    }

    Hello.ServerHello server() {
        return first.server();
    }

    String dbPath() {
        return first.dbPath();
    }

    int requestsInFlight() {
        int n = 0;
        for (int i = 0; i < lanes.length(); i++) {
            Connection c = lanes.get(i);
            if (c != null) {
                n += c.requestsInFlight();
            }
        }
        return n;
    }

    void close() {
        for (int i = 0; i < lanes.length(); i++) {
            Connection c = lanes.get(i);
            if (c != null) {
                c.close();
            }
        }
    }
}
