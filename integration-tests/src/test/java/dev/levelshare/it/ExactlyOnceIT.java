package dev.levelshare.it;

import dev.levelshare.it.plainapps.CommandApp;
import dev.levelshare.os.PosixLocks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The "1, 2, 1" of at-least-once writes, reproduced with real processes and a failpoint: the leader applies A's put of
 * {@code x=A1} but never answers it; B reads {@code A1}, writes {@code x=B2} and gets its ack; the leader halts; A
 * sends its put again to whoever leads next. With exactly-once (the default) {@code x} stays {@code B2}, whether A
 * itself or B is promoted; with {@code exactlyOnce=false} on A, A's older value comes back (which shows this test can
 * fail).
 */
class ExactlyOnceIT {
    private static final Duration STEP = Duration.ofSeconds(30);
    /** How long the leader serves on after applying A's write: time for B's read and write. */
    private static final int LEADER_GRACE_MS = 3000;
    /** How long the process that must lose the election waits before trying. */
    private static final String LOSE_ELECTION = "-Dlevelshare.failpoint=delay-election:2000";

    @TempDir Path temp;
    private final List<Jvm> jvms = new ArrayList<>();

    @AfterEach
    void tearDown() throws InterruptedException {
        for (Jvm jvm : jvms) {
            jvm.close();
        }
    }

    private Jvm app(String name, File db, String option, String agentArguments) throws Exception {
        List<String> options = option == null ? List.of() : List.of(option);
        Jvm jvm = Jvm.plainApp(name, temp, temp.resolve("s"), options, Jvm.javaBinary(), Jvm.plainClasspath(),
                agentArguments, CommandApp.class, "jni", db.toString());
        jvms.add(jvm);
        jvm.awaitLine("opened", STEP);
        return jvm;
    }

    @ParameterizedTest(name = "promoted: {0}, exactlyOnce on A: {1}")
    @CsvSource({"A, true, B2", "B, true, B2", "B, false, A1"})
    void aWriteSentAgainAfterAFailoverDoesNotBringBackAnOlderValue(String promoted, boolean exactlyOnce,
                                                                     String expected) throws Exception {
        File db = temp.resolve("db").toFile();
        Jvm leader = app("leader", db, "-Dlevelshare.failpoint=die-after-apply:1:" + LEADER_GRACE_MS, "");
        Jvm a = app("A", db, promoted.equals("A") ? null : LOSE_ELECTION, exactlyOnce ? "" : "exactlyOnce=false");
        Jvm b = app("B", db, promoted.equals("B") ? null : LOSE_ELECTION, "");
        a.awaitLine("follower for", STEP);
        b.awaitLine("follower for", STEP);

        a.send("set x A1"); // applied by the leader, never answered: A waits
        b.send("await x A1");
        b.awaitLine("await x A1 ok", STEP);
        b.send("set x B2");
        b.awaitLine("set x B2 ok", STEP);
        assertTrue(leader.awaitExit(STEP) != 0, "the failpoint halted the leader");
        assertTrue(leader.output().contains("failpoint die-after-apply"), leader.output());

        a.awaitLine("set x A1 ok", STEP); // A's put returns normally, sent again to the next leader
        Jvm winner = promoted.equals("A") ? a : b;
        OptionalLong holder = PosixLocks.holderOf(new File(db, "LOCK").toPath());
        assertEquals(winner.pid(), holder.orElse(-1), "the process meant to be promoted holds the lock");
        assertTrue(winner.output().contains("promoted to leader for"), winner.output());

        a.send("read x");
        b.send("read x");
        String fromA = a.awaitLine("read x = ", STEP);
        String fromB = b.awaitLine("read x = ", STEP);
        assertTrue(fromA.endsWith("read x = " + expected), "A reads: " + fromA + "\n" + a.output());
        assertTrue(fromB.endsWith("read x = " + expected), "B reads: " + fromB + "\n" + b.output());
        String status = status(db);
        assertTrue(status.contains("\"duplicatesAnswered\":" + (exactlyOnce ? 1 : 0) + ","),
                "the new leader answers A's write sent again as a duplicate (if A sent it with its id): " + status);
    }

    /**
     * A follower that closes its DB tells the leader it will send nothing again, so the leader drops its proofs at once
     * instead of after the resend window ({@code failoverDeadlineMs} + 30 s), as it would for a follower that crashed.
     */
    @ParameterizedTest(name = "follower {0}")
    @CsvSource({"closes, 0", "is killed, 1"})
    void aFollowerThatClosesIsForgottenAtOnce(String how, int remembered) throws Exception {
        File db = temp.resolve("db").toFile();
        Jvm leader = app("leader", db, null, "");
        leader.awaitLine("leader for", STEP);
        Jvm follower = app("follower", db, null, "");
        follower.send("set k v");
        follower.awaitLine("set k v ok", STEP);
        assertTrue(status(db).contains("\"writersRemembered\":1,"), status(db));
        if (how.equals("closes")) {
            follower.send("close");
            follower.awaitLine("closed", STEP);
            assertEquals(0, follower.awaitExit(STEP), follower.output());
        } else {
            follower.kill();
        }
        String expected = "\"writersRemembered\":" + remembered + ",";
        long deadline = System.nanoTime() + STEP.toNanos();
        String status = status(db);
        while (!status.contains(expected) && System.nanoTime() < deadline) {
            status = status(db); // the leader reads the follower's last frames on its own loop: look again
        }
        assertTrue(status.contains(expected), status);
        leader.send("read k");
        assertTrue(leader.awaitLine("read k = ", STEP).endsWith("read k = v"));
    }

    private String status(File db) throws Exception {
        try (Jvm status = Jvm.shim("status", temp, temp.resolve("s"), "status", "--json", db.toString())) {
            assertEquals(0, status.awaitExit(STEP), status.output());
            return status.output();
        }
    }
}
