package dev.levelshare.server;

import dev.levelshare.engine.AppliedWrites;
import dev.levelshare.protocol.ServerStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/** Server-wide counters and the set of live connections, for {@code status} and tests. */
public final class ServerStats {
    private final long startedAtMillis = System.currentTimeMillis();
    private final LongAdder ops = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder refusedPeers = new LongAdder();
    private volatile LongSupplier failoversSeen = () -> 0;
    private final Set<ServedConnection> connections = ConcurrentHashMap.newKeySet();

    void opServed() {
        ops.increment();
    }

    void errorReturned() {
        errors.increment();
    }

    void peerRefused() {
        refusedPeers.increment();
    }

    /** Where {@code status} reads how many failovers the serving process has been through (0 for a sidecar). */
    void countFailoversWith(LongSupplier failovers) {
        this.failoversSeen = failovers;
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

    /** Peers turned away: wrong uid on the Unix socket, wrong token on TCP. */
    public long refusedPeers() {
        return refusedPeers.sum();
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

    /** {@code applied}: the engine's ledger of applied writes, null if it keeps none. */
    ServerStatus status(String dbPath, long pid, String engine, boolean readOnly, AppliedWrites applied) {
        List<ServerStatus.Client> clients = new ArrayList<>();
        connections.forEach(c -> clients.add(c.status()));
        return new ServerStatus(dbPath, pid, engine, readOnly, System.currentTimeMillis() - startedAtMillis,
                opsServed(), errors(), refusedPeers(), failoversSeen.getAsLong(), clients,
                applied == null ? -1 : applied.writers(), applied == null ? 0 : applied.duplicates());
    }
}
