package dev.levelshare.party;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;

/**
 * Publishes a {@link SharedDb} in the platform MBean server while it is open. A second copy of levelshare in the same
 * JVM (another class loader's) that follows the same directory registers under a numbered name instead of failing.
 * JMX trouble is logged and never fails the app's open.
 */
final class SharedDbMBean implements SharedDbMXBean {
    private static final Logger log = LoggerFactory.getLogger(SharedDbMBean.class);
    static final String DOMAIN = "dev.levelshare";

    private final SharedDb shared;
    private ObjectName registeredAs;

    private SharedDbMBean(SharedDb shared) {
        this.shared = shared;
    }

    static ObjectName nameFor(String canonicalPath, int copy) throws JMException {
        return new ObjectName(DOMAIN + ":type=SharedDb,dir=" + ObjectName.quote(canonicalPath)
                + (copy == 0 ? "" : ",copy=" + copy));
    }

    static SharedDbMBean register(SharedDb shared) {
        SharedDbMBean bean = new SharedDbMBean(shared);
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            for (int copy = 0; bean.registeredAs == null; copy++) {
                ObjectName name = nameFor(shared.canonicalPath, copy);
                try {
                    server.registerMBean(bean, name);
                    bean.registeredAs = name;
                } catch (InstanceAlreadyExistsException taken) {
                    // Another class loader's levelshare shares this directory too: take the next number.
                }
            }
        } catch (JMException | RuntimeException | LinkageError e) {
            log.warn("cannot publish {} over JMX: {}", shared.canonicalPath, e.toString());
        }
        return bean;
    }

    void unregister() {
        if (registeredAs != null) {
            try {
                ManagementFactory.getPlatformMBeanServer().unregisterMBean(registeredAs);
            } catch (JMException | RuntimeException e) {
                log.debug("unregistering {}: {}", registeredAs, e.toString());
            }
            registeredAs = null;
        }
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
