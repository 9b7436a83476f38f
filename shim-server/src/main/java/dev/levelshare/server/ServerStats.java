package dev.levelshare.server;

import dev.levelshare.protocol.ServerStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Server-wide counters and the set of live connections, for {@code status} and tests. */
public final class ServerStats {
    private final long startedAtMillis = System.currentTimeMillis();
    private final LongAdder ops = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final Set<ServedConnection> connections = ConcurrentHashMap.newKeySet();

    void opServed() {
        ops.increment();
    }

    void errorReturned() {
        errors.increment();
    }

    void connected(ServedConnection connection) {
        connections.add(connection);
    }

    void disconnected(ServedConnection connection) {
        connections.remove(connection);
    }

    public long opsServed() {
        return ops.sum();
    }

    public long errors() {
        return errors.sum();
    }

    public int connectionCount() {
        return connections.size();
    }

    /** Iterators held open by all connected clients: returns to zero when every client has closed or left. */
    public int openIterators() {
        return connections.stream().mapToInt(c -> c.resources.iteratorCount()).sum();
    }

    public int openSnapshots() {
        return connections.stream().mapToInt(c -> c.resources.snapshotCount()).sum();
    }

    ServerStatus status(String dbPath, long pid, String engine, boolean readOnly) {
        List<ServerStatus.Client> clients = new ArrayList<>();
        connections.forEach(c -> clients.add(c.status()));
        return new ServerStatus(dbPath, pid, engine, readOnly, System.currentTimeMillis() - startedAtMillis,
                opsServed(), errors(), clients);
    }
}
