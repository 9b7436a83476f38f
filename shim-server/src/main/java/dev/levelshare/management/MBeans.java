package dev.levelshare.management;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;

/**
 * Publishes a shared DB's {@link SharedDbMXBean} in the platform MBean server (what JConsole and VisualVM read) as
 * {@code dev.levelshare:type=SharedDb,dir="<path>"}. A second copy of levelshare in the same JVM (another class
 * loader's) sharing the same directory registers as {@code ...,copy=1} instead of failing. JMX trouble is logged and
 * never fails the caller.
 */
public final class MBeans {
    private static final Logger log = LoggerFactory.getLogger(MBeans.class);
    public static final String DOMAIN = "dev.levelshare";

    private MBeans() {}

    public static ObjectName nameFor(String canonicalPath, int copy) throws JMException {
        return new ObjectName(DOMAIN + ":type=SharedDb,dir=" + ObjectName.quote(canonicalPath)
                + (copy == 0 ? "" : ",copy=" + copy));
    }

    /** Registers {@code bean}; returns a handle that unregisters it (a no-op if registration failed). */
    public static Registration register(SharedDbMXBean bean, String canonicalPath) {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            for (int copy = 0; ; copy++) {
                ObjectName name = nameFor(canonicalPath, copy);
                try {
                    server.registerMBean(bean, name);
                    return new Registration(name);
                } catch (InstanceAlreadyExistsException taken) {
                    // Another class loader's levelshare shares this directory too: take the next number.
                }
            }
        } catch (JMException | RuntimeException | LinkageError e) {
            log.warn("cannot publish {} over JMX: {}", canonicalPath, e.toString());
            return new Registration(null);
        }
    }

    /** One registered MBean. */
    public static final class Registration {
        private ObjectName name;

        Registration(ObjectName name) {
            this.name = name;
        }

        public synchronized void unregister() {
            if (name != null) {
                try {
                    ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
                } catch (JMException | RuntimeException e) {
                    log.debug("unregistering {}: {}", name, e.toString());
                }
                name = null;
            }
        }
    }
}
