package dev.levelshare.it.bench;

import dev.levelshare.client.RemoteDb;

import java.io.File;

/**
 * Child JVM: a client of a sidecar serving the DB. Measures the bare round trip (PING of a get-sized frame, answered
 * by the server without touching the DB) over the same socket and connection first, then the standard set.
 * Args: dir threads.
 */
public final class RemoteBench {
    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[1]);
        try (RemoteDb db = RemoteDb.connect(new File(args[0]))) {
            Workload.load(db);
            // A get request carries ~30 bytes and its response ~105: ping 100 bytes each way, a conservative floor.
            byte[] frame = new byte[100];
            Workload.latency("floor.ping", 100_000, () -> db.ping(frame));
            Workload.throughput("floor.ping_" + threads + "_threads", threads, 3, () -> db.ping(frame));
            Workload.standard("remote", db, threads);
        }
    }
}
