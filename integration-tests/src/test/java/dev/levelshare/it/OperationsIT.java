package dev.levelshare.it;

import com.sun.tools.attach.VirtualMachine;
import dev.levelshare.client.ClientOptions;
import dev.levelshare.client.RemoteDb;
import dev.levelshare.os.SocketPaths;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an operator sees of unmodified apps running with the agent: each shared DB as an MBean (read the way JConsole
 * reads it: attach to the JVM, start its local JMX agent, connect), and {@code status} naming the leader, its clients
 * and the failovers it went through.
 */
class OperationsIT {
    private static final Duration STEP = Duration.ofSeconds(30);

    @TempDir
    Path temp;
    private FailoverProcesses processes;

    @AfterEach
    void tearDown() throws InterruptedException {
        if (processes != null) {
            processes.close();
        }
    }

    /** The attributes of the one levelshare SharedDb MBean in {@code jvm}, through a local JMX connection. */
    private static final class SharedDbView implements AutoCloseable {
        private final VirtualMachine vm;
        private final JMXConnector connector;
        private final MBeanServerConnection mbeans;
        private final ObjectName name;

        SharedDbView(Jvm jvm) throws Exception {
            vm = VirtualMachine.attach(String.valueOf(jvm.pid()));
            connector = JMXConnectorFactory.connect(new JMXServiceURL(vm.startLocalManagementAgent()));
            mbeans = connector.getMBeanServerConnection();
            Set<ObjectName> names = mbeans.queryNames(new ObjectName("dev.levelshare:type=SharedDb,*"), null);
            assertEquals(1, names.size(), "one shared DB: " + names);
            name = names.iterator().next();
        }

        Object get(String attribute) throws Exception {
            return mbeans.getAttribute(name, attribute);
        }

        /** Waits for an attribute to take a value (roles change in the background on failover). */
        void await(String attribute, Object expected) throws Exception {
            long deadline = System.nanoTime() + STEP.toNanos();
            while (!expected.equals(get(attribute))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(attribute + " is " + get(attribute) + ", expected " + expected);
                }
                Thread.sleep(10);
            }
        }

        @Override
        public void close() throws Exception {
            connector.close();
            vm.detach();
        }
    }

    private String status() throws Exception {
        try (Jvm status = Jvm.shim("status", temp, temp.resolve("s"), "status", processes.db().toString())) {
            assertEquals(0, status.awaitExit(STEP), status.output());
            return status.output();
        }
    }

    @Test
    void mbeansAndStatusShowRolesClientsAndFailovers() throws Exception {
        processes = new FailoverProcesses(temp);
        Jvm leader = processes.writer("a", "", 200);
        leader.awaitLine("leader for", STEP);
        Jvm follower = processes.writer("b", "", 200);
        follower.awaitLine("acked 100", STEP);
        String canonical = processes.db().getCanonicalPath();

        try (SharedDbView followerView = new SharedDbView(follower)) {
            try (SharedDbView leaderView = new SharedDbView(leader)) {
                assertEquals("leader", leaderView.get("Role"));
                assertEquals(canonical, leaderView.get("Directory"));
                assertEquals(1, leaderView.get("ConnectedClients"));
                assertTrue((Long) leaderView.get("ServedRequests") >= 100, "served the follower's writes");
            }
            assertEquals("follower", followerView.get("Role"));
            assertEquals(leader.pid(), followerView.get("LeaderPid"));
            assertTrue((Long) followerView.get("Calls") >= 100);
            assertEquals(0L, followerView.get("FailedCalls"));
            assertEquals(0L, followerView.get("Reconnects"));

            String before = status();
            assertTrue(before.contains("pid " + leader.pid() + ", engine leveldbjni"), before);
            assertTrue(before.contains("failovers seen 0"), before);
            assertTrue(before.contains("peer pid " + follower.pid() + " uid "), "the follower, by pid and uid: " + before);

            leader.kill();
            leader.awaitExit(STEP);
            followerView.await("Role", "leader");
            assertEquals(follower.pid(), followerView.get("LeaderPid"));
            assertEquals(1L, followerView.get("Reconnects"));
        }
        String after = status();
        assertTrue(after.contains("pid " + follower.pid() + ", engine leveldbjni"), after);
        assertTrue(after.contains("failovers seen 1"), after);
        assertTrue(follower.output().contains("[levelshare] promoted to leader for " + canonical), follower.output());
    }

    @Test
    void aSidecarPublishesItsDbToo() throws Exception {
        Path sockets = temp.resolve("s");
        java.io.File db = temp.resolve("db").toFile();
        try (Jvm sidecar = Jvm.sidecar(temp, sockets, "serve", db.toString());
             SharedDbView view = awaitView(sidecar)) {
            assertEquals("sidecar", view.get("Role"));
            assertEquals(db.getCanonicalPath(), view.get("Directory"));
            assertEquals(sidecar.pid(), view.get("LeaderPid"));
            try (RemoteDb client = RemoteDb.connect(new SocketPaths(sockets).socketFor(db), db.getCanonicalPath(),
                    ClientOptions.defaults())) {
                client.put(new byte[] {1}, new byte[] {2});
                assertEquals(1, view.get("ConnectedClients"));
            }
            assertTrue((Long) view.get("ServedRequests") >= 1);
        }
    }

    private static SharedDbView awaitView(Jvm sidecar) throws Exception {
        sidecar.awaitLine("serving ", STEP); // registered right after this line; the view retries briefly
        long deadline = System.nanoTime() + STEP.toNanos();
        while (true) {
            try {
                return new SharedDbView(sidecar);
            } catch (AssertionError notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(20);
            }
        }
    }
}
