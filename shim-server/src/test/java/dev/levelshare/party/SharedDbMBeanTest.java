package dev.levelshare.party;

import dev.levelshare.LevelShareException;
import dev.levelshare.client.ClientOptions;
import dev.levelshare.client.RemoteDb;
import dev.levelshare.management.MBeans;
import dev.levelshare.os.SocketPaths;
import org.fusesource.leveldbjni.JniDBFactory;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.Options;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static dev.levelshare.testing.Bytes.b;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each shared directory shows up in the platform MBean server (what JConsole reads) with its role and counters. */
class SharedDbMBeanTest {
    @TempDir Path temp;
    private PartySettings settings;
    private final MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();

    @BeforeEach
    void settings() throws IOException {
        settings = PartySettings.from(dev.levelshare.config.Settings.fromSystem())
                .withSocketPaths(new SocketPaths(Files.createDirectory(temp.resolve("s"))))
                .withFailoverDeadlineMillis(2_000);
    }

    /** Published in the background, off the app's open. */
    private void awaitRegistered(ObjectName name) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!mbeans.isRegistered(name)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + " was not registered");
            }
            Thread.sleep(5);
        }
    }

    private Object attribute(ObjectName name, String attribute) throws Exception {
        return mbeans.getAttribute(name, attribute);
    }

    @Test
    void leaderAndFollowerArePublishedWithRoleCountersAndAreRemovedOnClose() throws Exception {
        DirectoryClaims claims = new DirectoryClaims(new ConcurrentHashMap<>());
        File dir = temp.resolve("db").toFile();
        Party leaderParty = new Party(settings, claims);
        Party followerParty = new Party(settings, claims); // as a second class loader in the same JVM would
        DB leader = leaderParty.open(dir, () -> JniDBFactory.factory.open(dir, new Options().createIfMissing(true)));
        DB follower = followerParty.open(dir, () -> JniDBFactory.factory.open(dir, new Options()));
        String canonical = dir.getCanonicalPath();
        ObjectName first = MBeans.nameFor(canonical, 0);
        ObjectName second = MBeans.nameFor(canonical, 1); // two copies of levelshare in one JVM: numbered names
        awaitRegistered(first);
        awaitRegistered(second);
        boolean firstLeads = "leader".equals(attribute(first, "Role"));
        ObjectName leaderName = firstLeads ? first : second;
        ObjectName followerName = firstLeads ? second : first;
        try {
            assertEquals("leader", attribute(leaderName, "Role"));
            assertEquals("follower", attribute(followerName, "Role"));
            assertEquals(canonical, attribute(followerName, "Directory"));
            assertEquals(ProcessHandle.current().pid(), attribute(followerName, "LeaderPid"));

            for (int i = 0; i < 10; i++) {
                follower.put(b("k" + i), b("v"));
            }
            leader.get(b("k1"));
            assertEquals(10L, attribute(followerName, "Calls"));
            assertEquals(1L, attribute(leaderName, "Calls"));
            assertEquals(0, attribute(followerName, "InFlightRequests"));
            assertEquals(1, attribute(leaderName, "ConnectedClients"));
            assertTrue((Long) attribute(leaderName, "ServedRequests") >= 10);

            assertThrows(RuntimeException.class, () -> follower.put(null, b("v"))); // the engine's refusal
            assertEquals(1L, attribute(followerName, "FailedCalls"));
            assertEquals(0L, attribute(followerName, "Reconnects"));

            leader.close(); // leadership passes to the follower
            assertArrayEquals(b("v"), follower.get(b("k1")));
            assertEquals("leader", attribute(followerName, "Role"));
            assertEquals(1L, attribute(followerName, "Reconnects"));
            assertFalse(mbeans.isRegistered(leaderName));
        } finally {
            follower.close();
        }
        assertFalse(mbeans.isRegistered(followerName));
    }

    /** A promoted leader serves just after its app's calls resume: connect as soon as it does. */
    private static RemoteDb connectOnceServed(Path socket, String dbPath) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                return RemoteDb.connect(socket, dbPath, ClientOptions.defaults());
            } catch (LevelShareException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(1);
            }
        }
    }

    @Test
    void statusOfAPromotedLeaderCountsTheFailover() throws Exception {
        DirectoryClaims claims = new DirectoryClaims(new ConcurrentHashMap<>());
        File dir = temp.resolve("db").toFile();
        Party first = new Party(settings, claims);
        Party second = new Party(settings, claims);
        DB leader = first.open(dir, () -> JniDBFactory.factory.open(dir, new Options().createIfMissing(true)));
        DB follower = second.open(dir, () -> JniDBFactory.factory.open(dir, new Options()));
        try {
            leader.close();
            follower.put(b("after"), b("failover"));
            try (RemoteDb status = connectOnceServed(settings.socketPaths().socketFor(dir), dir.getCanonicalPath())) {
                assertEquals(1L, status.status().failoversSeen);
            }
        } finally {
            follower.close();
        }
    }
}
