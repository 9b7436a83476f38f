package dev.levelshare.party;

import dev.levelshare.management.SharedDbMXBean;

/** A {@link SharedDb} as JMX shows it: role, leader, calls and failures of this process's handles, failovers. */
final class SharedDbMBean implements SharedDbMXBean {
    private final SharedDb shared;

    SharedDbMBean(SharedDb shared) {
        this.shared = shared;
    }

    @Override
    public String getDirectory() {
        return shared.canonicalPath;
    }

    @Override
    public String getRole() {
        return shared.isClosed() ? "closed" : shared.role().isLeader() ? "leader" : "follower";
    }

    @Override
    public long getLeaderPid() {
        return shared.role().leaderPid();
    }

    @Override
    public long getCalls() {
        return shared.calls();
    }

    @Override
    public long getFailedCalls() {
        return shared.failedCalls();
    }

    @Override
    public long getReconnects() {
        return shared.failoversSeen();
    }

    @Override
    public int getInFlightRequests() {
        return shared.role().requestsInFlight();
    }

    @Override
    public long getServedRequests() {
        return shared.role().servedRequests();
    }

    @Override
    public int getConnectedClients() {
        return shared.role().connectedClients();
    }

    @Override
    public long getRefusedPeers() {
        return shared.role().refusedPeers();
    }
}
