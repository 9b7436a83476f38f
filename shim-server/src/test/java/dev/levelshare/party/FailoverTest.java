package dev.levelshare.party;

import dev.levelshare.LeaderLostException;
import dev.levelshare.LevelShareException;
import dev.levelshare.config.Settings;
import dev.levelshare.os.SocketPaths;
import org.fusesource.leveldbjni.JniDBFactory;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBIterator;
import org.iq80.leveldb.Options;
import org.iq80.leveldb.ReadOptions;
import org.iq80.leveldb.Snapshot;
import org.iq80.leveldb.WriteBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import static dev.levelshare.testing.Bytes.b;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Failover inside one JVM: a leader party closes (a clean leader exit), a follower party is promoted through the
 * LevelDB lock, and what the follower's app holds (handles, iterators) carries on. Multi-process kills are in the
 * integration tests.
 */
class FailoverTest {
    private static final int KEYS = 5_000;

    @TempDir Path temp;
    private PartySettings settings;
    private final DirectoryClaims claims = new DirectoryClaims(new ConcurrentHashMap<>());
    private final List<DB> toClose = new ArrayList<>();
    private File dir;

    @BeforeEach
    void setUp() throws IOException {
        settings = PartySettings.from(Settings.fromSystem())
                .withSocketPaths(new SocketPaths(Files.createDirectory(temp.resolve("s"))))
                .withFailoverDeadlineMillis(5_000);
        dir = temp.resolve("db").toFile();
    }

    @AfterEach
    void closeAll() throws IOException {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private DB open(PartySettings s) throws IOException {
        DB db = new Party(s, claims).open(dir, () -> JniDBFactory.factory.open(dir, new Options().createIfMissing(true)));
        toClose.add(db);
        return db;
    }

    private static String key(int i) {
        return String.format("key-%05d", i);
    }

    private DB leaderWithKeys() throws IOException {
        DB leader = open(settings);
        try (WriteBatch batch = leader.createWriteBatch()) {
            for (int i = 0; i < KEYS; i++) {
                batch.put(b(key(i)), b("v" + i));
            }
            leader.write(batch);
        }
        return leader;
    }

    private static String keyOf(Map.Entry<byte[], byte[]> e) {
        return new String(e.getKey(), StandardCharsets.UTF_8);
    }

    @Test
    void aFollowerIsPromotedWhenItsLeaderClosesAndItsHandleThenGoesStraightToTheEngine() throws IOException {
        DB leader = leaderWithKeys();
        DB follower = open(settings);
        assertTrue(follower.toString().endsWith("(follower)"));
        follower.put(b("before"), b("1"));
        leader.close();
        follower.put(b("after"), b("2")); // waits for the election, which this process wins
        assertTrue(follower.toString().endsWith("(leader)"), follower.toString());
        assertArrayEquals(b("1"), follower.get(b("before")));
        assertArrayEquals(b("v7"), follower.get(b(key(7))));

        // A batch created while following is written after promotion.
        WriteBatch batch = follower.createWriteBatch();
        batch.put(b("batched"), b("3"));
        follower.write(batch);
        assertArrayEquals(b("3"), follower.get(b("batched")));
    }

    /** Reads {@code before} entries, closes the leader, reads the rest: the app sees one gapless, duplicate-free run. */
    private void assertResumes(Function<DBIterator, List<String>> readAll, List<String> expected, int before)
            throws IOException {
        DB leader = leaderWithKeys();
        DB follower = open(settings);
        List<String> seen = new ArrayList<>();
        try (DBIterator it = follower.iterator()) {
            List<String> firstPart = readAll.apply(new LimitedIterator(it, before));
            seen.addAll(firstPart);
            leader.close();
            seen.addAll(readAll.apply(new LimitedIterator(it, Integer.MAX_VALUE)));
        }
        assertEquals(expected, seen);
    }

    private static List<String> range(int from, int toExclusive, boolean reverse) {
        List<String> keys = new ArrayList<>();
        for (int i = from; i < toExclusive; i++) {
            keys.add(key(i));
        }
        if (reverse) {
            java.util.Collections.reverse(keys);
        }
        return keys;
    }

    @Test
    void aForwardIteratorResumesAfterTheLastReturnedKeyMidChunk() throws IOException {
        assertResumes(it -> forward(it, null), range(0, KEYS, false), 100); // the first chunks are 64, then read-ahead
    }

    @Test
    void aForwardIteratorResumesBetweenChunks() throws IOException {
        assertResumes(it -> forward(it, null), range(0, KEYS, false), 64);
    }

    @Test
    void aForwardIteratorAfterASeekResumes() throws IOException {
        assertResumes(it -> forward(it, key(1234)), range(1234, KEYS, false), 700);
    }

    @Test
    void aBoundedScanDoesNotEndEarlyAcrossAFailover() throws IOException {
        // The stream shape level-party gets wrong: iterate from a start key until a bound, with the failover inside.
        assertResumes(it -> {
            List<String> keys = new ArrayList<>();
            if (!((LimitedIterator) it).started) {
                it.seek(b(key(100)));
            }
            while (it.hasNext()) {
                String k = keyOf(it.peekNext());
                if (k.compareTo(key(4100)) >= 0) {
                    break;
                }
                keys.add(keyOf(it.next()));
            }
            return keys;
        }, range(100, 4100, false), 1500);
    }

    @Test
    void aReverseIteratorResumesWithoutLosingKeys() throws IOException {
        assertResumes(it -> reverse(it, null), range(0, KEYS - 1, true), 300);
    }

    @Test
    void aReverseIteratorAfterASeekResumes() throws IOException {
        assertResumes(it -> reverse(it, key(3000)), range(0, 3000, true), 1100);
    }

    private static List<String> forward(DBIterator it, String seek) {
        List<String> keys = new ArrayList<>();
        LimitedIterator limited = (LimitedIterator) it;
        if (!limited.started) {
            if (seek == null) {
                it.seekToFirst();
            } else {
                it.seek(b(seek));
            }
        }
        while (it.hasNext()) {
            keys.add(keyOf(it.next()));
        }
        return keys;
    }

    /** seekToLast, then prev(): the engines' reverse scan (it starts before the last entry). */
    private static List<String> reverse(DBIterator it, String seek) {
        List<String> keys = new ArrayList<>();
        LimitedIterator limited = (LimitedIterator) it;
        if (!limited.started) {
            if (seek == null) {
                it.seekToLast();
            } else {
                it.seek(b(seek));
            }
        }
        while (it.hasPrev()) {
            keys.add(keyOf(it.prev()));
        }
        return keys;
    }

    @Test
    void snapshotBoundReadsFailClearlyAfterAFailoverWhileOthersCarryOn() throws IOException {
        DB leader = leaderWithKeys();
        DB follower = open(settings);
        Snapshot snapshot = follower.getSnapshot();
        ReadOptions atSnapshot = new ReadOptions().snapshot(snapshot);
        DBIterator bound = follower.iterator(atSnapshot);
        bound.seekToFirst();
        bound.next();
        assertArrayEquals(b("v1"), follower.get(b(key(1)), atSnapshot));
        leader.close();

        LeaderLostException e = assertThrows(LeaderLostException.class, () -> follower.get(b(key(1)), atSnapshot));
        assertTrue(e.getMessage().contains("snapshot") && e.getMessage().contains(dir.getCanonicalPath()),
                e.getMessage());
        assertThrows(LeaderLostException.class, () -> {
            while (bound.hasNext()) {
                bound.next();
            }
        });
        assertArrayEquals(b("v1"), follower.get(b(key(1)))); // unbound reads go on, on the new leader
        snapshot.close();
        bound.close();
    }

    @Test
    void withRetryOffCallsAfterTheFailoverStillWork() throws IOException {
        DB leader = leaderWithKeys();
        DB follower = open(settings.withRetry(false));
        leader.close();
        follower.put(b("after"), b("1"));
        assertArrayEquals(b("1"), follower.get(b("after")));
    }

    @Test
    void aFollowerWaitsForALeaderOnlyUntilTheDeadlineAndNamesTheDirectory() throws IOException {
        DB leader = leaderWithKeys();
        AtomicBoolean lockedElsewhere = new AtomicBoolean();
        // After the leader leaves, the lock "belongs to another process that does not serve it".
        DB follower = new Party(settings.withFailoverDeadlineMillis(300), claims).open(dir, () -> {
            if (lockedElsewhere.get()) {
                throw new IOException("IO error: lock " + dir.getCanonicalPath() + "/LOCK: Resource temporarily unavailable");
            }
            return JniDBFactory.factory.open(dir, new Options());
        });
        lockedElsewhere.set(true);
        leader.close();
        long t0 = System.nanoTime();
        LevelShareException e = assertThrows(LevelShareException.class, () -> follower.get(b(key(1))));
        long waitedMs = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(e.getMessage().contains("no leader for " + dir.getCanonicalPath() + " within 300 ms"), e.getMessage());
        assertTrue(waitedMs >= 250 && waitedMs < 5_000, "waited " + waitedMs + " ms");
        lockedElsewhere.set(false);
        assertArrayEquals(b("v1"), follower.get(b(key(1)))); // once the lock is free again, it leads
        follower.close();
    }

    @Test
    void directoriesOfAnyLengthSharingALongPrefixNeverShareALeader() throws IOException {
        Path base = temp;
        while (base.toString().length() < 200) {
            base = base.resolve("a-rather-long-directory-name");
        }
        File first = base.resolve("db-one").toFile();
        File second = base.resolve("db-two").toFile();
        assertTrue(first.getCanonicalPath().length() > 200);
        Files.createDirectories(base);
        Party leaders = new Party(settings, claims);
        Party followers = new Party(settings, claims);
        List<DB> dbs = new ArrayList<>();
        for (File d : new File[] {first, second}) {
            dbs.add(leaders.open(d, () -> JniDBFactory.factory.open(d, new Options().createIfMissing(true))));
        }
        for (File d : new File[] {first, second}) {
            dbs.add(followers.open(d, () -> {
                throw new AssertionError("claimed: must follow");
            }));
        }
        toClose.addAll(dbs);
        dbs.get(2).put(b("which"), b("one"));
        dbs.get(3).put(b("which"), b("two"));
        assertArrayEquals(b("one"), dbs.get(0).get(b("which")));
        assertArrayEquals(b("two"), dbs.get(1).get(b("which")));
        assertNotEquals(settings.socketPaths().socketFor(first), settings.socketPaths().socketFor(second));
        assertFalse(followers.leads(first));
    }

    /** Passes calls through, but reports "no more" after {@code limit} entries were returned (the first half). */
    private static final class LimitedIterator extends dev.levelshare.testing.ForwardingIterator {
        private final int limit;
        private int returned;
        final boolean started;

        LimitedIterator(DBIterator delegate, int limit) {
            super(delegate);
            this.limit = limit;
            this.started = limit == Integer.MAX_VALUE;
        }

        @Override public boolean hasNext() { return returned < limit && super.hasNext(); }
        @Override public boolean hasPrev() { return returned < limit && super.hasPrev(); }

        @Override
        public Map.Entry<byte[], byte[]> next() {
            returned++;
            return super.next();
        }

        @Override
        public Map.Entry<byte[], byte[]> prev() {
            returned++;
            return super.prev();
        }
    }
}
