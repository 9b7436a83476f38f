package dev.levelshare.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.levelshare.it.FailoverProcesses.STEP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three writers and a scanner (unmodified apps with the agent) share one DB while whoever holds its lock is SIGKILLed,
 * again and again, each time replaced by a new process. Then, every process stopped, the DB opened directly must hold
 * every acknowledged write, and no scan may have seen a duplicate or a gap.
 */
class ChaosIT {
    private static final int KILLS = 20;
    /** Writes per second per writer: steady, so the scanner's full scans stay short as the DB grows. */
    private static final int RATE = 2000;
    /** Writes per second of each writer of the shared keys (values a checker must never see come back). */
    private static final int SHARED_RATE = 500;

    @TempDir Path temp;
    private FailoverProcesses processes;

    @AfterEach
    void tearDown() throws InterruptedException {
        if (processes != null) {
            processes.close();
        }
    }

    @Test
    void killingTheLockHolderTwentyTimesLosesNoAcknowledgedWriteAndIteratorsSeeNoDuplicateOrGap() throws Exception {
        processes = new FailoverProcesses(temp);
        int writers = 0;
        int scanners = 0;
        int scannerKills = 0;
        for (; writers < 3; writers++) {
            processes.writer("w" + writers, "", RATE);
        }
        processes.scanner("scanner-" + scanners++).awaitLine("opened", STEP);
        int sharedWriters = 0;
        int checkers = 0;
        for (; sharedWriters < 2; sharedWriters++) {
            processes.sharedWriter("shared" + sharedWriters, SHARED_RATE);
        }
        processes.checker("checker-" + checkers++).awaitLine("opened", STEP);
        processes.awaitProgress(3000);

        for (int kill = 1; kill <= KILLS; kill++) {
            Jvm holder = processes.lockHolder();
            holder.kill();
            holder.awaitExit(STEP);
            boolean scannerLed = processes.scanners.contains(holder);
            scannerKills += scannerLed ? 1 : 0;
            Jvm replacement;
            if (scannerLed) {
                replacement = processes.scanner("scanner-" + scanners++);
            } else if (processes.sharedWriters.contains(holder)) {
                replacement = processes.sharedWriter("shared" + sharedWriters++, SHARED_RATE);
            } else if (processes.checkers.contains(holder)) {
                replacement = processes.checker("checker-" + checkers++);
            } else {
                replacement = processes.writer("w" + writers++, "", RATE);
            }
            replacement.awaitLine("opened", STEP);
            processes.awaitProgress(300);
        }
        processes.awaitProgress(300);

        processes.killAll();
        long lost = processes.lostWrites();
        int scans = processes.countInAll("scan ok");
        int badScans = processes.countInAll("scan BAD");
        int promotions = processes.countInAll("[levelshare] promoted to leader for");
        int reappeared = processes.countInAll("reappeared BAD");
        int checkRounds = processes.countInAll("checked ");
        System.out.printf("chaos: %d leaders killed (%d of them scanners), %d promotions, %d acknowledged writes, %d lost, %d scans ok "
                + "(%d of them on the scanner's own engine, while it led), %d bad; %d hundred rounds of shared-key checks, "
                + "%d values that came back%n", KILLS, scannerKills, promotions,
                processes.totalAcked(), lost, scans, processes.countInAll("(leader)"), badScans, checkRounds, reappeared);
        assertEquals(0, lost, "acknowledged writes lost");
        assertEquals(0, badScans, "scans that saw a duplicate, a gap or fewer entries than before: "
                + processes.linesInAll("scan BAD", 5));
        assertTrue(scans >= KILLS, "scans completed: " + scans + processes.scannerTails(12));
        assertEquals(0, reappeared, "values read again after another writer replaced them (a write applied twice): "
                + processes.linesInAll("reappeared BAD", 5));
        assertTrue(checkRounds > 0, "the checkers read the shared keys");
        assertTrue(promotions >= KILLS, "every killed leader was replaced by a promoted follower: " + promotions);
    }
}
