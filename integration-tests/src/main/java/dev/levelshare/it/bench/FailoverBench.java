package dev.levelshare.it.bench;

import dev.levelshare.os.PosixLocks;
import dev.levelshare.os.SocketPaths;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * (f) Failover with a real log, as the Node anchors measure it. Each round, on a new DB: a leader app (with the agent)
 * writes 100k keys of 100 bytes and serves; two follower apps write one put every 200 µs; once both have 2000 acks the
 * leader is SIGKILLed ({@value #KILLS} rounds), closes its DB as an app would ({@value #HAND_OVERS} rounds), or exits
 * without closing it, as most apps do ({@value #EXITS} rounds). This process spends no CPU while the DB changes hands
 * (it awaits the processes' ends and output lines in blocked threads, and reads the files afterwards). Per round, on
 * one clock: kill (close, exit) → the lock is free (a connection to the killed or exited leader saw its end close, as
 * its followers do: the kernel closes a dead process's files, releasing its locks and closing its sockets, in one
 * sweep; or close() returned) → a follower holds the lock (the moment its engine logs "Recovering log", right after it
 * took the lock) → its engine recovered → the promoted follower's next acknowledged put, and the other follower's.
 */
final class FailoverBench {
    static final int KILLS = Integer.getInteger("levelshare.bench.kills", 20);
    static final int HAND_OVERS = Integer.getInteger("levelshare.bench.handOvers", 5);
    static final int EXITS = Integer.getInteger("levelshare.bench.exits", 5);
    private static final long PACE_MICROS = 200;
    private static final long STEP_SECONDS = 60;

    private FailoverBench() {}

    /** One round's moments, in epoch µs. */
    private static final class Round {
        long stop;
        long lockFree;
        long lockHeld;
        long promotedAck;
        long followingAck;
        long promotedWaitStart; // when the promoted follower sent the put that waited for the failover
        long followingWaitStart;
        long closeReturned; // close() returned in the leader app (hand-overs)
        long logBytes;
        long recovered; // the new leader's engine finished its recovery (its info log deleted the old log)
    }

    static Map<String, Double> measure(String java, String agentJar, String classpath, Path work, long pollMicros)
            throws Exception {
        Map<Stop, List<Round>> rounds = new EnumMap<>(Stop.class);
        for (int round = 0; round < KILLS + HAND_OVERS + EXITS; round++) {
            Stop stop = round < KILLS ? Stop.KILL : round < KILLS + HAND_OVERS ? Stop.CLOSE : Stop.EXIT;
            Round r = round(java, agentJar, classpath, work.resolve("failover-" + round), stop, pollMicros);
            rounds.computeIfAbsent(stop, s -> new ArrayList<>()).add(r);
            System.err.printf("[bench]   %s %d: log %d KB; -> lock free %.1f ms -> held %.1f ms -> promoted ack"
                            + " %.1f ms, other follower's ack %.1f ms after the lock; puts waited %.1f and %.1f ms%n",
                    stop.name().toLowerCase(Locale.ROOT), round + 1, r.logBytes / 1024,
                    (r.lockFree - r.stop) / 1000.0, (r.lockHeld - r.lockFree) / 1000.0,
                    (r.promotedAck - r.lockHeld) / 1000.0, (r.followingAck - r.lockHeld) / 1000.0,
                    (r.promotedAck - r.promotedWaitStart) / 1000.0, (r.followingAck - r.followingWaitStart) / 1000.0);
        }
        Map<String, Double> results = new LinkedHashMap<>();
        results.put("failover.fsync.p50_ms", FsyncFloor.p50Millis(work));
        summarize("failover.kill", rounds.getOrDefault(Stop.KILL, List.of()), results);
        summarize("failover.handover", rounds.getOrDefault(Stop.CLOSE, List.of()), results);
        summarize("failover.exit", rounds.getOrDefault(Stop.EXIT, List.of()), results);
        return results;
    }

    private static void summarize(String prefix, List<Round> rounds, Map<String, Double> results) {
        if (rounds.isEmpty()) {
            return; // -Dlevelshare.bench.kills=0 or handOvers=0
        }
        put(results, prefix + ".to_lock_free", rounds, r -> r.lockFree - r.stop);
        put(results, prefix + ".lock_free_to_held", rounds, r -> r.lockHeld - r.lockFree);
        put(results, prefix + ".held_to_promoted_ack", rounds, r -> r.promotedAck - r.lockHeld);
        put(results, prefix + ".held_to_following_ack", rounds, r -> r.followingAck - r.lockHeld);
        put(results, prefix + ".held_to_recovered", rounds, r -> r.recovered - r.lockHeld);
        put(results, prefix + ".to_promoted_ack", rounds, r -> r.promotedAck - r.stop);
        put(results, prefix + ".to_following_ack", rounds, r -> r.followingAck - r.stop);
        put(results, prefix + ".promoted_wait", rounds, r -> r.promotedAck - r.promotedWaitStart);
        put(results, prefix + ".following_wait", rounds, r -> r.followingAck - r.followingWaitStart);
        if (rounds.stream().allMatch(r -> r.closeReturned > 0)) {
            put(results, prefix + ".close_returned", rounds, r -> r.closeReturned - r.stop);
        }
        results.put(prefix + ".log_kb", rounds.stream().mapToLong(r -> r.logBytes).average().orElse(0) / 1024);
    }

    private static void put(Map<String, Double> results, String name, List<Round> rounds,
                            java.util.function.ToLongFunction<Round> micros) {
        long[] values = rounds.stream().mapToLong(micros).sorted().toArray();
        results.put(name + ".p50_ms", values[values.length / 2] / 1000.0);
        results.put(name + ".max_ms", values[values.length - 1] / 1000.0);
    }

    /** How a round's leader goes away. */
    private enum Stop {
        KILL, // SIGKILL
        CLOSE, // the app closes its DB
        EXIT // the app exits without closing it (System.exit)
    }

    private static Round round(String java, String agentJar, String classpath, Path db, Stop how, long pollMicros)
            throws Exception {
        Path work = db.resolveSibling(db.getFileName() + "-out");
        Files.createDirectories(work);
        SocketPaths sockets = new SocketPaths(db.resolveSibling("sockets"));
        List<String> base = List.of(java, "-javaagent:" + agentJar, "-Dlevelshare.socketDir="
                + sockets.socketDir(), "-Dlevelshare.logLevel=warn",
                "-Dlevelshare.bench.acks=" + AckWriterApp.ACKS_BEFORE_FAILOVER,
                "-Dlevelshare.pollMicros=" + pollMicros, "-cp", classpath);
        Child leader = Child.start(base, work, "leader", FailoverLeaderApp.class.getName(), db.toString());
        List<Child> writers = new ArrayList<>();
        try {
            Round r = new Round();
            r.logBytes = Long.parseLong(leader.await("loaded ").substring(7).trim());
            Path socket = sockets.socketFor(db.toFile());
            for (String prefix : new String[] {"a", "b"}) {
                writers.add(Child.start(base, work, "writer-" + prefix, AckWriterApp.class.getName(), db.toString(),
                        prefix, String.valueOf(PACE_MICROS)));
            }
            for (Child writer : writers) {
                writer.await("acked " + AckWriterApp.ACKS_BEFORE_FAILOVER);
            }
            if (how == Stop.CLOSE) {
                leader.send("close");
                r.stop = Long.parseLong(leader.await("closing ").substring(8).trim());
                // LevelDB releases the lock inside close(): free when it returned.
                r.closeReturned = Long.parseLong(leader.await("closed ").substring(7).trim());
                r.lockFree = r.closeReturned;
            } else {
                // The kernel releases a dead process's locks in the sweep that closes its sockets: the lock is free
                // when a connection to the leader sees its end close, as the followers do. Awaited without spending CPU,
                // which the processes under test need during their failover (polling /proc/locks and the info log,
                // as this benchmark once did, took 30-50% of the 2 cores then).
                try (EofWatch eof = EofWatch.connect(socket)) {
                    if (how == Stop.EXIT) {
                        leader.send("exit"); // the JVM ends after its shutdown hooks; the kernel then frees the lock
                        r.stop = Long.parseLong(leader.await("exiting ").substring(8).trim());
                    } else {
                        r.stop = AckWriterApp.epochMicros();
                        leader.process.destroyForcibly();
                    }
                    r.lockFree = eof.closedAtMicros(STEP_SECONDS);
                }
                leader.process.onExit().get(STEP_SECONDS, TimeUnit.SECONDS);
            }
            for (Child writer : writers) {
                writer.stallEndingAfter(r.stop); // both followers are served again: the failover is over
            }
            // When the lock was taken: the new leader's engine writes "Recovering log" to its info log right after it
            // took the lock. Read once the failover is over, as is who took it.
            long[] recovery = EngineInfoLog.recovery(db, STEP_SECONDS);
            r.lockHeld = recovery[0];
            r.recovered = recovery[1];
            long winner = PosixLocks.holderOf(db.resolve("LOCK")).orElseThrow();
            for (Child writer : writers) {
                // The put that waited for the failover: blocked when the lock changed hands, answered after.
                long[] stall = writer.stallEndingAfter(r.lockHeld);
                if (writer.process.pid() == winner) {
                    r.promotedWaitStart = stall[0];
                    r.promotedAck = stall[1];
                } else {
                    r.followingWaitStart = stall[0];
                    r.followingAck = stall[1];
                }
            }
            return r;
        } finally {
            leader.process.destroyForcibly();
            for (Child writer : writers) {
                writer.process.destroyForcibly();
            }
            leader.process.waitFor(10, TimeUnit.SECONDS);
            for (Child writer : writers) {
                writer.process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * A child JVM whose output lines this process reads as they come (a thread blocked on the pipe: waiting costs no
     * CPU, which the processes under test need during a failover) and copies to a file.
     */
    private static final class Child {
        final Process process;
        final Path output;
        private final List<String> lines = new ArrayList<>();
        private boolean ended;

        private Child(Process process, Path output) {
            this.process = process;
            this.output = output;
        }

        static Child start(List<String> base, Path work, String name, String main, String... args)
                throws IOException {
            List<String> cmd = new ArrayList<>(base);
            cmd.add(main);
            cmd.addAll(List.of(args));
            Path out = work.resolve(name + ".log");
            Child child = new Child(new ProcessBuilder(cmd).redirectErrorStream(true).start(), out);
            Thread reader = new Thread(child::readOutput, "output of " + name);
            reader.setDaemon(true);
            reader.start();
            return child;
        }

        private void readOutput() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8)); BufferedWriter copy = Files.newBufferedWriter(output)) {
                String line;
                while ((line = in.readLine()) != null) {
                    copy.write(line);
                    copy.newLine();
                    copy.flush();
                    synchronized (this) {
                        lines.add(line);
                        notifyAll();
                    }
                }
            } catch (IOException e) {
                // the child is gone
            } finally {
                synchronized (this) {
                    ended = true;
                    notifyAll();
                }
            }
        }

        void send(String line) throws IOException {
            process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().flush();
        }

        /** The first line satisfying {@code condition}, awaited for up to a step's time. */
        private synchronized String awaitLine(String what, java.util.function.Predicate<String> condition)
                throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STEP_SECONDS);
            for (int seen = 0; ; ) {
                for (; seen < lines.size(); seen++) {
                    if (condition.test(lines.get(seen))) {
                        return lines.get(seen);
                    }
                }
                long left = deadline - System.nanoTime();
                if (ended || left <= 0) {
                    throw new IllegalStateException("no " + what + " from " + output + ":\n"
                            + String.join("\n", lines));
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }

        String await(String prefix) throws Exception {
            return awaitLine("'" + prefix + "'", line -> line.startsWith(prefix));
        }

        /** The first stall that ended after {@code micros}: {start, end}. */
        long[] stallEndingAfter(long micros) throws Exception {
            String[] f = awaitLine("put resumed after the failover", line -> {
                String[] s = line.split(" ");
                return s.length == 4 && s[0].equals("stall") && Long.parseLong(s[2]) > micros;
            }).split(" ");
            return new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])};
        }
    }
}
