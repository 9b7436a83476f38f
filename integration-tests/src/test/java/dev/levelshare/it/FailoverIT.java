package dev.levelshare.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static dev.levelshare.it.FailoverProcesses.STEP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Leaders of unmodified apps die (SIGKILL, SIGTERM), freeze (SIGSTOP): followers are promoted, retry, or fail clearly. */
class FailoverIT {
    @TempDir Path temp;
    private FailoverProcesses processes;

    @BeforeEach
    void setUp() {
        processes = new FailoverProcesses(temp);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        processes.close();
    }

    /** Writer "a", once it leads. */
    private Jvm leader() throws Exception {
        Jvm leader = processes.writer("a", "");
        leader.awaitLine("leader for", STEP);
        return leader;
    }

    /** Writer "b" with {@code agentArguments}, once it has written through the leader. */
    private Jvm writingFollower(String agentArguments) throws Exception {
        Jvm follower = processes.writer("b", agentArguments);
        follower.awaitLine("acked 100", STEP);
        return follower;
    }

    @Test
    void whenTheLeaderIsKilledOneFollowerIsPromotedTheOtherFollowsItAndNoAckedWriteIsLost() throws Exception {
        Jvm first = processes.writer("a", "");
        first.awaitLine("leader for", STEP);
        Jvm b = processes.writer("b", "");
        Jvm c = processes.writer("c", "");
        b.awaitLine("acked 100", STEP);
        c.awaitLine("acked 100", STEP);

        first.kill();
        first.awaitExit(STEP);
        processes.awaitProgress(500);
        Jvm promoted = processes.lockHolder();
        Jvm other = promoted == b ? c : b;
        assertTrue(promoted == b || promoted == c);
        assertTrue(promoted.output().contains("[levelshare] promoted to leader for"), promoted.output());
        assertTrue(other.output().contains("new leader is pid " + promoted.pid()), other.output());
        assertEquals(0, FailoverProcesses.count(b.output() + c.output(), "error "), "retried, not failed");

        // SIGTERM: the JVM exits without closing the DB; the survivor takes over.
        promoted.terminate();
        promoted.awaitExit(STEP);
        long before = FailoverProcesses.acked(other);
        other.awaitLine("acked " + (before + 200), STEP);
        assertEquals(other, processes.lockHolder());
        assertTrue(other.output().contains("[levelshare] promoted to leader for"), other.output());

        processes.killAll();
        assertEquals(0, processes.lostWrites());
    }

    @Test
    void withRetryOffTheCallInFlightFailsClearlyAndLaterCallsUseTheNewLeader() throws Exception {
        Jvm leader = leader();
        Jvm follower = writingFollower("retry=false");

        leader.signal("STOP"); // the follower's next put is now in flight, unanswered
        long stalledAt = FailoverProcesses.acked(follower);
        leader.kill();
        leader.awaitExit(STEP);
        String error = follower.awaitLine("error ", STEP);
        assertTrue(error.startsWith("error dev.levelshare.LeaderLostException: levelshare: the leader of "
                + processes.db().getCanonicalPath() + " went away during this call; not sent again (retry=false)"), error);
        follower.awaitLine("acked " + (stalledAt + 100), STEP);
        assertTrue(follower.output().contains("promoted to leader for"), follower.output());
        assertEquals(1, FailoverProcesses.count(follower.output(), "error "), follower.output());

        processes.killAll();
        assertEquals(0, processes.lostWrites());
    }

    @Test
    void aFrozenLeaderMakesCallsFailAtTheDeadlineAndServiceResumesWhenItThaws() throws Exception {
        Jvm leader = leader();
        Jvm follower = writingFollower("failoverDeadlineMs=1000");

        leader.signal("STOP");
        long t0 = System.nanoTime();
        String error = follower.awaitLine("error ", STEP);
        long waitedMs = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(error.contains("no answer to PUT on " + processes.db().getCanonicalPath() + " within 1000 ms"), error);
        assertTrue(waitedMs >= 900, "failed after " + waitedMs + " ms, before the deadline");

        leader.signal("CONT");
        long resumedFrom = FailoverProcesses.acked(follower);
        follower.awaitLine("acked " + (resumedFrom + 100), STEP);
        assertTrue(follower.output().contains("follower for"), "still a follower of the thawed leader");
        assertTrue(!follower.output().contains("promoted"), follower.output());

        processes.killAll();
        assertEquals(0, processes.lostWrites());
    }

    @Test
    void aScanningFollowerResumesAcrossAKilledLeaderWithoutDuplicatesOrGaps() throws Exception {
        Jvm leader = processes.writer("a", "", 4000);
        leader.awaitLine("leader for", STEP);
        leader.awaitLine("acked 6000", STEP); // enough entries that scans span many chunks
        Jvm scanner = processes.scanner("scanner");
        Jvm writer = processes.writer("b", "", 4000);
        scanner.awaitLine("scan ok reverse", STEP);
        for (Jvm victim : List.of(leader)) {
            victim.kill();
            victim.awaitExit(STEP);
        }
        int scansBefore = FailoverProcesses.count(scanner.output(), "scan ok");
        long deadline = System.nanoTime() + STEP.toNanos();
        while (FailoverProcesses.count(scanner.output(), "scan ok") < scansBefore + 4 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(FailoverProcesses.count(scanner.output(), "scan ok") >= scansBefore + 4, scanner.output());
        assertEquals(0, FailoverProcesses.count(scanner.output(), "scan BAD"), scanner.output());
        writer.awaitLine("acked 1", STEP);
        processes.killAll();
        assertEquals(0, processes.lostWrites());
    }
}
