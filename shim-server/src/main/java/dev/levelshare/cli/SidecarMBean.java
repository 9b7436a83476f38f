package dev.levelshare.cli;

import dev.levelshare.management.SharedDbMXBean;
import dev.levelshare.os.CurrentProcess;
import dev.levelshare.server.DbServer;

/** The sidecar's DB as JMX shows it: a leader that only serves; its calls are the requests it served. */
final class SidecarMBean implements SharedDbMXBean {
    private final String canonicalPath;
    private final DbServer server;

    SidecarMBean(String canonicalPath, DbServer server) {
        this.canonicalPath = canonicalPath;
        this.server = server;
    }

    @Override
    public String getDirectory() {
        return canonicalPath;
    }

    @Override
    public String getRole() {
        return "sidecar";
    }

    @Override
    public long getLeaderPid() {
        return CurrentProcess.pid();
    }

    @Override
    public long getCalls() {
        return server.stats().opsServed();
    }

    @Override
    public long getFailedCalls() {
        return server.stats().errors();
    }

    @Override
    public long getReconnects() {
        return 0; // a sidecar never follows
    }

    @Override
    public int getInFlightRequests() {
        return server.slowRequestsInProgress();
    }

    @Override
    public long getServedRequests() {
        return server.stats().opsServed();
    }

    @Override
    public int getConnectedClients() {
        return server.stats().connectionCount();
    }

    @Override
    public long getRefusedPeers() {
        return server.stats().refusedPeers();
    }
}
