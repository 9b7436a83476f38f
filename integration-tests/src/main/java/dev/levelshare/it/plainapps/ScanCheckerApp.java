package dev.levelshare.it.plainapps;

import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBIterator;
import org.iq80.leveldb.Options;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code <dir>}: scans the whole DB again and again with leveldbjni, alternately forward and in reverse, and checks
 * what the writers' keys ({@code prefix-NNNNNNNN}, written in order) guarantee whatever the failovers in between: keys
 * strictly ordered (no duplicate), each prefix's numbers contiguous down to 0 (no gap), and never fewer entries than
 * the scan before (writers only add, and a write that returned survives its leader). Prints {@code scan ok ...} or
 * {@code scan BAD ...} per scan.
 *
 * <p>Reverse scans stop at the first key rather than asking {@code hasPrev()}: leveldbjni's own {@code hasPrev()}
 * loses entries when other processes write during the scan (an engine defect, seen without levelshare too), and a
 * checker must only find levelshare's faults. (leveldbjni's own {@code prev()} loses entries the same way; levelshare
 * repairs it on every iterator it hands out, including the leader's own, so reverse scans are fully checked.)
 */
public final class ScanCheckerApp {
    public static void main(String[] args) throws Exception {
        DB db = Engines.factory("jni").open(new File(args[0]), new Options().createIfMissing(true));
        Console.say("opened " + db.getClass().getName());
        int entriesBefore = 0;
        for (int scan = 0; ; scan++) {
            boolean forward = scan % 2 == 0;
            String problem = null;
            int entries = 0;
            Map<String, Long> lastIndex = new HashMap<>();
            String previous = null;
            String roleAtStart = roleOf(db);
            try (DBIterator it = db.iterator()) {
                it.seekToFirst();
                String firstKey = it.hasNext() ? new String(it.peekNext().getKey(), StandardCharsets.UTF_8) : null;
                if (!forward) {
                    it.seekToLast();
                    if (it.hasNext()) {
                        // The engines' reverse scan starts before the cursor: take the last entry with next() first.
                        problem = check(new String(it.peekNext().getKey(), StandardCharsets.UTF_8), null, false, lastIndex);
                        previous = new String(it.peekNext().getKey(), StandardCharsets.UTF_8);
                        entries++;
                    }
                }
                while (problem == null && (forward ? it.hasNext() : previous != null && !previous.equals(firstKey))) {
                    String key = new String((forward ? it.next() : it.prev()).getKey(), StandardCharsets.UTF_8);
                    problem = check(key, previous, forward, lastIndex);
                    previous = key;
                    entries++;
                }
            }
            if (problem == null && entries < entriesBefore) {
                problem = "saw " + entries + " entries, fewer than the " + entriesBefore + " of the scan before";
            }
            entriesBefore = Math.max(entriesBefore, entries);
            if (problem == null && !forward) {
                for (Map.Entry<String, Long> e : lastIndex.entrySet()) {
                    if (e.getValue() != 0) {
                        problem = "reverse scan of " + e.getKey() + " ended at " + e.getValue() + ", not 0";
                    }
                }
            }
            String roleAtEnd = roleOf(db);
            String roles = " (" + roleAtStart + (roleAtStart.equals(roleAtEnd) ? "" : " then " + roleAtEnd) + ")";
            String direction = forward ? "forward" : "reverse";
            Console.say(problem == null ? "scan ok " + direction + " entries=" + entries + roles
                    : "scan BAD " + direction + ": " + problem + roles);
        }
    }

    /** What levelshare's handle says it is ("leader", "follower"), or the engine's class without the agent. */
    private static String roleOf(DB db) {
        String s = db.toString();
        return s.endsWith("(leader)") ? "leader" : s.endsWith("(follower)") ? "follower" : db.getClass().getSimpleName();
    }

    private static String check(String key, String previous, boolean forward, Map<String, Long> lastIndex) {
        if (previous != null && (forward ? key.compareTo(previous) <= 0 : key.compareTo(previous) >= 0)) {
            return "out of order or duplicate: " + key + " after " + previous;
        }
        int dash = key.lastIndexOf('-');
        if (dash < 0) {
            return null; // not a writer's key
        }
        String prefix = key.substring(0, dash);
        long index = Long.parseLong(key.substring(dash + 1));
        Long last = lastIndex.put(prefix, index);
        if (last == null) {
            return forward && index != 0 ? "gap: " + prefix + " starts at " + index : null;
        }
        long expected = forward ? last + 1 : last - 1;
        return index == expected ? null : "gap: " + prefix + " jumps from " + last + " to " + index;
    }
}
