package dev.levelshare.party;

import dev.levelshare.LevelShareException;
import dev.levelshare.client.RemoteDb;
import dev.levelshare.os.SocketPaths;
import dev.levelshare.testing.EngineLogs;
import org.fusesource.leveldbjni.JniDBFactory;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBFactory;
import org.iq80.leveldb.Options;
import org.iq80.leveldb.impl.Iq80DBFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.levelshare.testing.Bytes.b;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The election inside one JVM: repeated opens share one DB, other parties follow, other errors pass through. */
class PartyTest {
    @TempDir Path temp;
    private PartySettings settings;
    private final DirectoryClaims claims = new DirectoryClaims(new ConcurrentHashMap<>());
    private final List<DB> toClose = new ArrayList<>();
    private final AtomicInteger engineOpens = new AtomicInteger();

    @BeforeEach
    void settings() throws IOException {
        Path sockets = Files.createDirectory(temp.resolve("s"));
        settings = PartySettings.from(dev.levelshare.config.Settings.fromSystem())
                .withSocketPaths(new SocketPaths(sockets)).withFailoverDeadlineMillis(2_000);
    }

    @AfterEach
    void closeAll() throws IOException {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private DB open(Party party, File dir, DBFactory factory) throws IOException {
        DB db = party.open(dir, () -> {
            engineOpens.incrementAndGet();
            return factory.open(dir, new Options().createIfMissing(true));
        });
        toClose.add(db);
        return db;
    }

    @Test
    void openingAndClosingTenThousandDirectoriesLeavesNothingBehind() throws Exception {
        ConcurrentHashMap<String, Object> jvmClaims = new ConcurrentHashMap<>();
        Party party = new Party(settings, new DirectoryClaims(jvmClaims));
        Files.createDirectory(temp.resolve("many"));
        int threadsBefore = Thread.activeCount();
        long start = System.nanoTime();
        for (int i = 0; i < 10_000; i++) {
            File dir = temp.resolve("many").resolve("db-" + i).toFile();
            DB db = party.open(dir, () -> JniDBFactory.factory.open(dir, new Options().createIfMissing(true)));
            db.put(b("k"), b("v"));
            DB again = party.open(dir, () -> {
                throw new AssertionError("a second open must not reach the engine");
            });
            again.close();
            db.close();
        }
        System.out.printf("10,000 opens and closes of new directories: %d ms%n",
                (System.nanoTime() - start) / 1_000_000);
        assertEquals(0, party.directoryEntries(), "the party's per-directory state");
        assertTrue(jvmClaims.isEmpty(), "JVM-wide claims: " + jvmClaims.size());
        assertTrue(java.lang.management.ManagementFactory.getPlatformMBeanServer()
                .queryNames(new javax.management.ObjectName("dev.levelshare:*"), null).isEmpty(), "MBeans left");
        assertTrue(Thread.activeCount() < threadsBefore + 50, "threads: " + threadsBefore + " -> " + Thread.activeCount());
    }

    @Test
    void secondOpenInTheSameProcessSharesTheDbAndNeverReachesTheEngine() throws IOException {
        Party party = new Party(settings, claims);
        File dir = temp.resolve("db").toFile();
        DB first = open(party, dir, JniDBFactory.factory);
        DB second = open(party, new File(dir, "../db"), JniDBFactory.factory);
        assertEquals(1, engineOpens.get());
        first.put(b("k"), b("v"));
        assertArrayEquals(b("v"), second.get(b("k")));

        first.close();
        second.put(b("k2"), b("v2")); // closing one handle leaves the other working
        assertArrayEquals(b("v2"), second.get(b("k2")));
        assertTrue(party.leads(dir));

        second.close();
        assertFalse(party.leads(dir));
        // The last close released the lock: a plain open now succeeds.
        try (DB direct = JniDBFactory.factory.open(dir, new Options())) {
            assertArrayEquals(b("v2"), direct.get(b("k2")));
        }
    }

    @Test
    void closedHandleFailsClearlyAndClosingTwiceIsHarmless() throws IOException {
        Party party = new Party(settings, claims);
        File dir = temp.resolve("db").toFile();
        DB db = open(party, dir, Iq80DBFactory.factory);
        db.close();
        db.close();
        LevelShareException e = assertThrows(LevelShareException.class, () -> db.get(b("k")));
        assertTrue(e.getMessage().contains("closed") && e.getMessage().contains(dir.getCanonicalPath()), e.getMessage());
    }

    @Test
    void aPartyThatMeetsAClaimedDirectoryFollowsTheLeaderOverItsSocket() throws IOException {
        Party leaderParty = new Party(settings, claims);
        Party otherLoaderParty = new Party(settings, claims); // e.g. a second class loader in an app server
        File dir = temp.resolve("db").toFile();
        DB leader = open(leaderParty, dir, JniDBFactory.factory);
        DB follower = open(otherLoaderParty, dir, Iq80DBFactory.factory);
        assertEquals(1, engineOpens.get(), "the claimed directory must not reach the engine a second time");
        assertFalse(otherLoaderParty.leads(dir));

        follower.put(b("from-follower"), b("1"));
        assertArrayEquals(b("1"), leader.get(b("from-follower")));
        leader.put(b("from-leader"), b("2"));
        assertArrayEquals(b("2"), follower.get(b("from-leader")));
    }

    @Test
    void openErrorsOtherThanALockConflictReachTheCallerUnchanged() throws IOException {
        Party party = new Party(settings, claims);
        File dir = temp.resolve("missing-parent/db").toFile();
        IOException engineError = new IOException("IO error: " + dir + "/LOCK: No such file or directory");
        IOException thrown = assertThrows(IOException.class, () -> party.open(dir, () -> {
            throw engineError;
        }));
        assertSame(engineError, thrown);
        // The claim was released: a later successful open leads.
        Files.createDirectories(dir.toPath().getParent());
        DB db = open(party, dir, JniDBFactory.factory);
        assertTrue(party.leads(dir));
        assertNull(db.get(b("absent")));
    }

    @Test
    void anOpenOfADirectoryMadeAgainAtThePathOfAnOpenOneIsAFreshOpen() throws IOException {
        Party party = new Party(settings, claims);
        File dir = temp.resolve("db").toFile();
        DB old = open(party, dir, Iq80DBFactory.factory);
        old.put(b("a"), b("old"));
        deleteTree(dir.toPath()); // a test suite's clean-up between two tests, the old handle still open
        Files.createDirectory(dir.toPath());

        DB fresh = open(party, dir, Iq80DBFactory.factory);
        assertEquals(2, engineOpens.get(), "the new directory is opened for real, not handed the old DB");
        assertNull(fresh.get(b("a")));
        fresh.put(b("b"), b("new"));
        assertArrayEquals(b("old"), old.get(b("a")), "the old handle keeps its deleted directory, as the engine's does");
        assertNull(old.get(b("b")));
        try (RemoteDb remote = RemoteDb.connect(settings.socketPaths().socketFor(dir), dir.getCanonicalPath(),
                dev.levelshare.client.ClientOptions.defaults())) {
            assertArrayEquals(b("new"), remote.get(b("b")), "the socket found by the path serves the new directory");
        }
        DB third = open(party, dir, Iq80DBFactory.factory);
        assertEquals(2, engineOpens.get(), "the new directory, still open, is shared as usual");
        assertArrayEquals(b("new"), third.get(b("b")));
    }

    @Test
    void leveldbjniRefusesADirectoryMadeAgainAtThePathItHoldsAndSoDoesItsFreshOpen() throws IOException {
        Party party = new Party(settings, claims);
        File dir = temp.resolve("db").toFile();
        DB old = open(party, dir, JniDBFactory.factory);
        old.put(b("a"), b("old"));
        deleteTree(dir.toPath());
        Files.createDirectory(dir.toPath());
        // leveldbjni keeps the paths it locked per process: without levelshare this open fails just the same.
        IOException refused = assertThrows(IOException.class, () -> open(party, dir, JniDBFactory.factory));
        assertTrue(refused.getMessage().contains("already held by process"), refused.getMessage());
        assertArrayEquals(b("old"), old.get(b("a")));
    }

    static void deleteTree(Path root) throws IOException {
        try (java.util.stream.Stream<Path> paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    @Test
    void leaderServesAsocketThatRemoteDbFindsByTheSharedNaming() throws IOException {
        Party party = new Party(settings, claims);
        File dir = temp.resolve("db").toFile();
        DB db = open(party, dir, JniDBFactory.factory);
        db.put(b("a"), b("1"));
        String canonical = dir.getCanonicalPath();
        try (RemoteDb remote = RemoteDb.connect(settings.socketPaths().socketFor(new File(canonical)), canonical,
                dev.levelshare.client.ClientOptions.defaults())) {
            assertArrayEquals(b("1"), remote.get(b("a")));
            assertEquals(ProcessHandle.current().pid(), remote.server().pid);
        }
        db.close();
        assertFalse(Files.exists(settings.socketPaths().socketFor(new File(canonical))),
                "closing the last handle stops serving and removes the socket");
    }

    @Test
    void aLeaderWithFollowersFlushesItsMemtableBeforeItClosesSoTheNextLeaderHasNoLogToReplay() throws IOException {
        File alone = temp.resolve("alone").toFile();
        DB db = open(new Party(settings, claims), alone, JniDBFactory.factory);
        db.put(b("a"), b("1"));
        db.close();
        assertTrue(EngineLogs.bytes(alone.toPath()) > 0,
                "with nobody to hand over to, close() costs no flush");

        File shared = temp.resolve("shared").toFile();
        db = open(new Party(settings, claims), shared, JniDBFactory.factory);
        db.put(b("a"), b("1"));
        String canonical = shared.getCanonicalPath();
        try (RemoteDb remote = RemoteDb.connect(settings.socketPaths().socketFor(new File(canonical)), canonical,
                dev.levelshare.client.ClientOptions.defaults())) {
            remote.put(b("b"), b("2"));
            db.close();
        }
        assertEquals(0, EngineLogs.bytes(shared.toPath()),
                "closed while a follower was connected: the writes are in a table, not in a log to replay");
        try (DB reopened = JniDBFactory.factory.open(shared, new Options())) {
            assertArrayEquals(b("1"), reopened.get(b("a")));
            assertArrayEquals(b("2"), reopened.get(b("b")));
        }
    }

    /** Runs {@code action} on another thread and fails if it does not finish in time (a hang would block the suite). */
    private static void within(long seconds, java.util.concurrent.Callable<?> action) throws Exception {
        java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return action.call();
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }).get(seconds, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Test
    void theLeadersOwnCompactionSuspensionsNestWithItsFollowersOnLeveldbjni() throws Exception {
        Party leaderParty = new Party(settings, claims);
        Party followerParty = new Party(settings, claims);
        File dir = temp.resolve("db").toFile();
        DB leader = open(leaderParty, dir, JniDBFactory.factory);
        DB follower = open(followerParty, dir, JniDBFactory.factory);
        for (int i = 0; i < 1000; i++) {
            leader.put(b("k" + i), new byte[100]);
        }
        within(10, () -> { leader.suspendCompactions(); return null; });
        within(10, () -> { follower.suspendCompactions(); return null; }); // nested on the engine, this would hang
        within(10, () -> { leader.resumeCompactions(); return null; });
        java.util.concurrent.CompletableFuture<Void> compaction = java.util.concurrent.CompletableFuture.runAsync(
                () -> leader.compactRange(null, null));
        assertThrows(java.util.concurrent.TimeoutException.class,
                () -> compaction.get(300, java.util.concurrent.TimeUnit.MILLISECONDS), "the follower still holds one");
        within(10, () -> { follower.resumeCompactions(); return null; });
        compaction.get(10, java.util.concurrent.TimeUnit.SECONDS);

        within(10, () -> { leader.suspendCompactions(); return null; });
        within(10, () -> { leader.close(); return null; }); // undoes the suspension left, then closes
        toClose.remove(leader);
    }
}
