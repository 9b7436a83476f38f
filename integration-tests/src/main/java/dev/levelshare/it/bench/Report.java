package dev.levelshare.it.bench;

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
    }

    private static void coreRows(Map<String, Double> r, int threads) {
        if (!r.containsKey("floor.ping.p50_us")) {
            return;
        }
        System.out.println();
        System.out.println("| measure | (a) direct leveldbjni | (b) remote over UDS | (c) bare round trip | target | met |");
        System.out.println("|---|---:|---:|---:|---|---|");
        double floorP50 = r.get("floor.ping.p50_us");
        row("get latency p50, 1 in flight (µs)", r.get("direct.get.p50_us"), r.get("remote.get.p50_us"), floorP50,
                "remote ≤ 2x bare (" + fmt(2 * floorP50) + ")", r.get("remote.get.p50_us") <= 2 * floorP50);
        row("get latency p99, 1 in flight (µs)", r.get("direct.get.p99_us"), r.get("remote.get.p99_us"),
                r.get("floor.ping.p99_us"), "", null);
        String getThreads = "get_" + threads + "_threads.ops_per_s";
        row("gets/s, " + threads + " threads in flight", r.get("direct." + getThreads), r.get("remote." + getThreads),
                r.get("floor.ping_" + threads + "_threads.ops_per_s"), "remote ≥ 500,000",
                r.get("remote." + getThreads) >= 500_000);
        row("sequential puts/s", r.get("direct.put_sequential.ops_per_s"), r.get("remote.put_sequential.ops_per_s"),
                null, "remote ≥ 80,000", r.get("remote.put_sequential.ops_per_s") >= 80_000);
        row("puts/s in batches of 100", r.get("direct.put_batch100.ops_per_s"), r.get("remote.put_batch100.ops_per_s"),
                null, "remote ≥ 1,000,000", r.get("remote.put_batch100.ops_per_s") >= 1_000_000);
        row("full scan, entries/s (100k × 16 B keys, 100 B values)", r.get("direct.scan.entries_per_s"),
                r.get("remote.scan.entries_per_s"), null, "remote ≥ 1,500,000",
                r.get("remote.scan.entries_per_s") >= 1_500_000);
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
            leaderRow("leader's own gets/s, 1 thread (best of 2 JVMs × 4 rounds)", r.get("plain.leader_get.ops_per_s"),
                    r.get("agent.leader_get.ops_per_s"));
            leaderRow("leader's own puts/s, 1 thread (best of 2 JVMs × 4 rounds)", r.get("plain.leader_put.ops_per_s"),
                    r.get("agent.leader_put.ops_per_s"));
        }
    }

    private static void failoverRows(Map<String, Double> r) {
        if (!r.containsKey("failover.promoted.p50_ms")) {
            return;
        }
        System.out.println();
        System.out.println("| failover after SIGKILL of the leader (20 kills) | p50 (ms) | max (ms) | target | met |");
        System.out.println("|---|---:|---:|---|---|");
        System.out.printf("| to the next successful get on the promoted follower | %s | %s | p50 ≤ 15 ms | %s |%n",
                fmt(r.get("failover.promoted.p50_ms")), fmt(r.get("failover.promoted.p99_ms")),
                r.get("failover.promoted.p50_ms") <= 15 ? "yes" : "**no**");
        System.out.printf("| to the next successful get on the follower that lost the race | %s | %s | ≤ 30 ms | %s |%n",
                fmt(r.get("failover.following.p50_ms")), fmt(r.get("failover.following.p99_ms")),
                r.get("failover.following.p99_ms") <= 30 ? "yes" : "**no**");
    }

    private static void leaderRow(String name, double without, double with) {
        double slower = (without - with) / without * 100;
        System.out.printf("| %s | %s | %s | %s%.1f%% | ≤ 5%% slower | %s |%n", name, fmt(without), fmt(with),
                slower >= 0 ? "-" : "+", Math.abs(slower), slower <= 5 ? "yes" : "**no**");
    }

    private static void row(String name, Double direct, Double remote, Double floor, String target, Boolean met) {
        System.out.printf("| %s | %s | %s | %s | %s | %s |%n", name, fmt(direct), fmt(remote), fmt(floor), target,
                met == null ? "" : met ? "yes" : "**no**");
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
