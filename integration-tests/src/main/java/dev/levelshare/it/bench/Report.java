package dev.levelshare.it.bench;

import dev.levelshare.party.WriteBufferCap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Map;

/** The side-by-side table, with the machine it ran on and each target met or missed. */
final class Report {
    private Report() {}

    static void print(Map<String, Double> r, int threads) {
        System.out.println("levelshare benchmark: " + machine());
        coreRows(r, threads);
        agentRows(r);
        failoverRows(r);
        writeBufferRows(r);
        writeIdRows(r);
    }

    private static void writeIdRows(Map<String, Double> r) {
        if (!r.containsKey("exactly_once.on.put_sequential.ops_per_s")) {
            return;
        }
        System.out.println();
        System.out.println("What exactly-once costs a follower's writes (b): on (default) and off (exactlyOnce=false),"
                + " alternating follower JVMs against one leader, medians of 3.");
        System.out.println();
        System.out.println("| follower writes | exactly-once off | on | change | target | met |");
        System.out.println("|---|---:|---:|---:|---|---|");
        writeIdRow(r, "sequential put latency p50 (µs)", "put.p50_us", false);
        writeIdRow(r, "sequential put latency p99 (µs)", "put.p99_us", false);
        writeIdRow(r, "sequential puts/s", "put_sequential.ops_per_s", true);
        writeIdRow(r, "CPU per sequential put, both processes (µs)", "put_sequential.cpu_us_per_op", false);
        writeIdRow(r, "puts/s in batches of 100", "put_batch100.ops_per_s", true);
        writeIdRow(r, "CPU per put in batches of 100 (µs)", "put_batch100.cpu_us_per_op", false);
    }

    private static void writeIdRow(Map<String, Double> r, String name, String measure, boolean rate) {
        Double off = r.get("exactly_once.off." + measure);
        Double on = r.get("exactly_once.on." + measure);
        if (off == null || on == null) {
            return;
        }
        double change = (on - off) / off * 100;
        System.out.printf("| %s | %s | %s | %+.1f%% | %s | %s |%n", name, fmt(off), fmt(on), change,
                rate ? "≤ 10% slower" : "", rate ? (change >= -10 ? "yes" : "**no**") : "");
    }

    private static void coreRows(Map<String, Double> r, int threads) {
        if (!r.containsKey("floor.polled.p50_us")) {
            return;
        }
        double floorP50 = r.get("floor.polled.p50_us");
        double floorP99 = r.get("floor.polled.p99_us");
        System.out.println();
        System.out.printf("Polling budget %s µs (levelshare's pollMicros, and the polled floor's).%n",
                fmt(r.get("poll_micros")));
        System.out.println();
        System.out.println("| measure | (a) direct leveldbjni | (b) follower app (agent) | (c) floor, blocking | (c) floor, polled"
                + " | target | met |");
        System.out.println("|---|---:|---:|---:|---:|---|---|");
        row("get latency p50, 1 in flight (µs)", r, "direct.get.p50_us", "follower.get.p50_us",
                "floor.blocking.p50_us", "floor.polled.p50_us", "≤ 1.5× polled floor (" + fmt(1.5 * floorP50) + ")",
                r.get("follower.get.p50_us") <= 1.5 * floorP50);
        row("get latency p99, 1 in flight (µs)", r, "direct.get.p99_us", "follower.get.p99_us",
                "floor.blocking.p99_us", "floor.polled.p99_us", "≤ 3× polled floor (" + fmt(3 * floorP99) + ")",
                r.get("follower.get.p99_us") <= 3 * floorP99);
        row("CPU per get, 1 in flight, all processes (µs)", r, "direct.get.cpu_us_per_op",
                "follower.get.cpu_us_per_op", "floor.blocking.cpu_us_per_op", "floor.polled.cpu_us_per_op", "", null);
        String getThreads = "get_" + threads + "_threads";
        double direct = r.get("direct." + getThreads + ".ops_per_s");
        row("gets/s, " + threads + " threads", r, "direct." + getThreads + ".ops_per_s",
                "follower." + getThreads + ".ops_per_s", null, null, "≥ 25% of direct (" + fmt(0.25 * direct) + ")",
                r.get("follower." + getThreads + ".ops_per_s") >= 0.25 * direct);
        row("CPU per get, " + threads + " threads (µs)", r, "direct." + getThreads + ".cpu_us_per_op",
                "follower." + getThreads + ".cpu_us_per_op", null, null, "", null);
        row("sequential put latency p50 (µs)", r, "direct.put.p50_us", "follower.put.p50_us", null, null,
                "≤ 1.6× polled floor (" + fmt(1.6 * floorP50) + ")", r.get("follower.put.p50_us") <= 1.6 * floorP50);
        row("sequential put latency p99 (µs)", r, "direct.put.p99_us", "follower.put.p99_us", null, null, "", null);
        row("sequential puts/s", r, "direct.put_sequential.ops_per_s", "follower.put_sequential.ops_per_s", null,
                null, "", null);
        row("CPU per sequential put (µs)", r, "direct.put_sequential.cpu_us_per_op",
                "follower.put_sequential.cpu_us_per_op", null, null, "", null);
        double batches = r.get("direct.put_batch100.ops_per_s");
        row("puts/s in batches of 100", r, "direct.put_batch100.ops_per_s", "follower.put_batch100.ops_per_s", null,
                null, "≥ 60% of direct (" + fmt(0.6 * batches) + ")",
                r.get("follower.put_batch100.ops_per_s") >= 0.6 * batches);
        Double cappedBatches = r.get("direct_capped.put_batch100.ops_per_s");
        if (cappedBatches != null) {
            row("puts/s in batches of 100, direct with the leader's write buffer (" + WriteBufferCap.DEFAULT_MB
                    + " MB: like for like)", r, "direct_capped.put_batch100.ops_per_s",
                    "follower.put_batch100.ops_per_s", null, null, String.format("(b) is %.0f%% of it",
                    100 * r.get("follower.put_batch100.ops_per_s") / cappedBatches), null);
        }
        row("CPU per put in batches of 100 (µs)", r, "direct.put_batch100.cpu_us_per_op",
                "follower.put_batch100.cpu_us_per_op", null, null, "", null);
        double scan = r.get("direct.scan.entries_per_s");
        row("full scan, entries/s", r, "direct.scan.entries_per_s", "follower.scan.entries_per_s", null, null,
                "≥ 70% of direct (" + fmt(0.7 * scan) + ")", r.get("follower.scan.entries_per_s") >= 0.7 * scan);
        row("CPU per scanned entry (µs)", r, "direct.scan.cpu_us_per_op", "follower.scan.cpu_us_per_op", null, null,
                "", null);
        engineFloorRows(r, floorP50, floorP99);
        System.out.println();
        System.out.println("| a follower's gets at a steady pace | get latency p50 (µs) | the leader's CPU (% of a core) |");
        System.out.println("|---|---:|---:|");
        for (int rate : CoreBench.PACED_RATES) {
            System.out.printf("| %,d gets/s | %s | %s |%n", rate, fmt(r.get("paced." + rate + ".get.p50_us")),
                    fmt(r.get("paced." + rate + ".leader_cpu_percent")));
        }
        System.out.println();
        System.out.println("| idle app, 10 s | CPU (% of a core) | target | met |");
        System.out.println("|---|---:|---|---|");
        for (String role : new String[] {"leader", "follower"}) {
            double percent = r.get("idle." + role + ".cpu_percent");
            System.out.printf("| %s (with the agent, DB open, no calls) | %.2f | ≤ 1%% | %s |%n", role, percent,
                    percent <= 1 ? "yes" : "**no**");
        }
    }

    /**
     * What a get costs at least: the polled floor whose server also does the engine's get, next to the floor and the
     * follower, so that levelshare's own share is the difference between the last two.
     */
    private static void engineFloorRows(Map<String, Double> r, double floorP50, double floorP99) {
        if (!r.containsKey("floor.engine.p50_us")) {
            return;
        }
        System.out.println();
        System.out.println("| a get, 1 in flight, polled | p50 (µs) | p99 (µs) | CPU per get, both processes (µs) |");
        System.out.println("|---|---:|---:|---:|");
        System.out.printf("| (c) floor: the socket alone | %s | %s | %s |%n", fmt(floorP50), fmt(floorP99),
                fmt(r.get("floor.polled.cpu_us_per_op")));
        System.out.printf("| (c) floor with the engine: the same ping-pong, its server doing leveldbjni's get of the"
                + " key sent | %s | %s | %s |%n", fmt(r.get("floor.engine.p50_us")), fmt(r.get("floor.engine.p99_us")),
                fmt(r.get("floor.engine.cpu_us_per_op")));
        System.out.printf("| (b) follower app | %s | %s | %s |%n", fmt(r.get("follower.get.p50_us")),
                fmt(r.get("follower.get.p99_us")), fmt(r.get("follower.get.cpu_us_per_op")));
        System.out.printf("| target (from the floor) | ≤ %s | ≤ %s |  |%n", fmt(1.5 * floorP50), fmt(3 * floorP99));
    }

    private static void agentRows(Map<String, Double> r) {
        if (r.containsKey("start.with_agent_ms")) {
            System.out.println();
            System.out.println("| agent cost | without agent | with agent | cost | target | met |");
            System.out.println("|---|---:|---:|---:|---|---|");
            double added = r.get("start.with_agent_ms") - r.get("start.without_agent_ms");
            System.out.printf("| JVM start, empty main, median of 11 (ms) | %s | %s | +%s ms | ≤ 250 ms | %s |%n",
                    fmt(r.get("start.without_agent_ms")), fmt(r.get("start.with_agent_ms")), fmt(added),
                    added <= 250 ? "yes" : "**no**");
            if (r.containsKey("open.with_agent_ms")) {
                System.out.printf("| JVM start to exit, an app opening a new DB (leveldbjni), writing a key, closing it, "
                        + "median of 11 (ms) | %s | %s | +%s ms |  |  |%n", fmt(r.get("open.without_agent_ms")),
                        fmt(r.get("open.with_agent_ms")),
                        fmt(r.get("open.with_agent_ms") - r.get("open.without_agent_ms")));
            }
            leaderRow("leader's own gets/s, 1 thread (best of 2 JVMs × 4 rounds)", r.get("plain.leader_get.ops_per_s"),
                    r.get("agent.leader_get.ops_per_s"));
            leaderRow("leader's own puts/s, 1 thread (best of 2 JVMs × 4 rounds)", r.get("plain.leader_put.ops_per_s"),
                    r.get("agent.leader_put.ops_per_s"));
        }
    }

    private static void failoverRows(Map<String, Double> r) {
        if (!r.containsKey("failover.kill.to_lock_free.p50_ms") && !r.containsKey("failover.handover.to_lock_free.p50_ms")
                && !r.containsKey("failover.exit.to_lock_free.p50_ms")) {
            return;
        }
        System.out.println();
        System.out.printf("Failover: the leader app wrote 100k keys of 100 B (log left: %s KB on average), two follower"
                + " apps write a put every 200 µs.%n", fmt(r.getOrDefault("failover.kill.log_kb",
                r.getOrDefault("failover.handover.log_kb", r.get("failover.exit.log_kb")))));
        System.out.printf("An fsync of a new 20 KB file on this disk, same run, without LevelDB: %s ms (p50).%n",
                fmt(r.get("failover.fsync.p50_ms")));
        System.out.println();
        System.out.println("| failover step (ms) | SIGKILL, p50 | SIGKILL, max | close(), p50 | close(), max"
                + " | exit, p50 | exit, max | target | met |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---|---|");
        failoverRow(r, "close() called → it returned in the leader app (its own wait)", "close_returned", "", null);
        failoverRow(r, "leader stops → the lock is free (killed or exited: a connection to it sees its end close,"
                + " as the followers do; close(): it returned)",
                "to_lock_free", "", null);
        failoverRow(r, "lock free → a follower holds it", "lock_free_to_held", "", null);
        failoverRow(r, "lock held → its engine recovered the log (LevelDB's open: the replay, a table and a MANIFEST,"
                + " each fsynced)", "held_to_recovered", "", null);
        failoverRow(r, "lock held → the promoted follower's next ack", "held_to_promoted_ack", "p50 ≤ 5 ms",
                atMost(r, 5, "failover.kill.held_to_promoted_ack.p50_ms"));
        failoverRow(r, "lock held → the other follower's next ack", "held_to_following_ack", "p50 ≤ 8 ms",
                atMost(r, 8, "failover.kill.held_to_following_ack.p50_ms"));
        failoverRow(r, "leader stops → the promoted follower's next ack", "to_promoted_ack", "", null);
        failoverRow(r, "leader stops → the other follower's next ack", "to_following_ack", "close(): p50 ≤ 10 ms",
                atMost(r, 10, "failover.handover.to_following_ack.p50_ms", "failover.handover.to_promoted_ack.p50_ms"));
        failoverRow(r, "the promoted follower's put that waited: sent → acked (its outage)", "promoted_wait", "", null);
        failoverRow(r, "the other follower's put that waited: sent → acked (its outage)", "following_wait", "", null);
    }

    private static void writeBufferRows(Map<String, Double> r) {
        if (!r.containsKey("writebuffer.1mb.sequential.ops_per_s")) {
            return;
        }
        System.out.println();
        System.out.println("What the write buffer cap costs: direct leveldbjni, 200k puts of 16 B random keys, 100 B values,"
                + " into a new DB (medians of 3).");
        System.out.println();
        System.out.println("| puts/s | 4 MB buffer (leveldbjni's default) | 1 MB (levelshare's cap) | change |");
        System.out.println("|---|---:|---:|---:|");
        for (String mode : new String[] {"sequential", "batch100"}) {
            double four = r.get("writebuffer.4mb." + mode + ".ops_per_s");
            double one = r.get("writebuffer.1mb." + mode + ".ops_per_s");
            System.out.printf("| %s | %s | %s | %+.1f%% |%n", mode.equals("sequential") ? "one at a time"
                    : "batches of 100", fmt(four), fmt(one), (one - four) / four * 100);
        }
    }

    /** Whether every one of {@code keys} is at most {@code limit}; null (no verdict) if one was not measured. */
    private static Boolean atMost(Map<String, Double> r, double limit, String... keys) {
        for (String key : keys) {
            if (!r.containsKey(key)) {
                return null;
            }
        }
        for (String key : keys) {
            if (r.get(key) > limit) {
                return false;
            }
        }
        return true;
    }

    private static void failoverRow(Map<String, Double> r, String name, String step, String target, Boolean met) {
        System.out.printf("| %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", name,
                fmt(r.get("failover.kill." + step + ".p50_ms")), fmt(r.get("failover.kill." + step + ".max_ms")),
                fmt(r.get("failover.handover." + step + ".p50_ms")), fmt(r.get("failover.handover." + step + ".max_ms")),
                fmt(r.get("failover.exit." + step + ".p50_ms")), fmt(r.get("failover.exit." + step + ".max_ms")),
                target, met == null ? "" : met ? "yes" : "**no**");
    }

    private static void leaderRow(String name, double without, double with) {
        double slower = (without - with) / without * 100;
        System.out.printf("| %s | %s | %s | %s%.1f%% | ≤ 5%% slower | %s |%n", name, fmt(without), fmt(with),
                slower >= 0 ? "-" : "+", Math.abs(slower), slower <= 5 ? "yes" : "**no**");
    }

    private static void row(String name, Map<String, Double> r, String direct, String follower, String blocking,
                            String polled, String target, Boolean met) {
        System.out.printf("| %s | %s | %s | %s | %s | %s | %s |%n", name, fmt(get(r, direct)), fmt(get(r, follower)),
                fmt(get(r, blocking)), fmt(get(r, polled)), target, met == null ? "" : met ? "yes" : "**no**");
    }

    private static Double get(Map<String, Double> r, String key) {
        return key == null ? null : r.get(key);
    }

    static String fmt(Double v) {
        if (v == null) {
            return "";
        }
        return v >= 1000 ? String.format("%,.0f", v) : String.format("%.1f", v);
    }

    static String machine() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Paths.get("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
        } catch (IOException e) {
            // Not Linux: the CPU stays unnamed.
        }
        return cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores, Java "
                + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")";
    }
}
