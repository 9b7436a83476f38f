package dev.levelshare.cli;

import dev.levelshare.AccessRefusedException;
import dev.levelshare.LevelShareException;
import dev.levelshare.client.ClientOptions;
import dev.levelshare.client.Endpoint;
import dev.levelshare.client.RemoteDb;
import dev.levelshare.config.Settings;
import dev.levelshare.os.CurrentProcess;
import dev.levelshare.os.PosixLocks;
import dev.levelshare.os.UnservedLock;
import dev.levelshare.os.SocketPaths;
import dev.levelshare.protocol.Hello;
import dev.levelshare.protocol.ServerStatus;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/**
 * {@code status <dir>}: who serves the DB, with its clients and counters; or who holds it without serving it.
 * {@code status --tcp HOST:PORT --token-file F}: the same for a TCP sidecar.
 */
final class StatusCommand {
    private final File dir;
    private final String tcp;
    private final Path tokenFile;
    private final boolean json;

    private StatusCommand(File dir, String tcp, Path tokenFile, boolean json) {
        this.dir = dir;
        this.tcp = tcp;
        this.tokenFile = tokenFile;
        this.json = json;
    }

    static StatusCommand parse(String[] args) {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        boolean json = rest.remove("--json");
        if (rest.size() == 4 && rest.get(0).equals("--tcp") && rest.get(2).equals("--token-file")) {
            return new StatusCommand(null, rest.get(1), Paths.get(rest.get(3)), json);
        }
        if (rest.size() != 1 || rest.get(0).startsWith("-")) {
            throw new UsageException("status takes exactly one directory, or --tcp HOST:PORT --token-file FILE;"
                    + " and --json");
        }
        return new StatusCommand(new File(rest.get(0)), null, null, json);
    }

    int run(PrintStream out, PrintStream err) {
        return tcp != null ? runTcp(out, err) : runLocal(out, err);
    }

    private int runTcp(PrintStream out, PrintStream err) {
        try (RemoteDb leader = RemoteDb.connect(Endpoint.tcp(tcp, tokenFile), Hello.ANY_DB, probeOptions())) {
            print(leader.status(), "tcp " + tcp, out);
            return Main.OK;
        } catch (IOException | RuntimeException e) {
            err.println("levelshare: status of tcp " + tcp + " failed: " + e.getMessage());
            return Main.FAILED;
        }
    }

    private static ClientOptions probeOptions() {
        return ClientOptions.defaults().withConnectTimeoutMillis(1000).withRequestTimeoutMillis(5000)
                .withClientName("status");
    }

    private int runLocal(PrintStream out, PrintStream err) {
        if (!dir.isDirectory()) {
            err.println("levelshare: " + dir + " is not a directory");
            return Main.FAILED;
        }
        try {
            String canonical = SocketPaths.canonicalPath(dir);
            Path socket = SocketPaths.fromSettings(Settings.fromSystem()).socketFor(dir);
            ServerStatus status;
            try (RemoteDb leader = RemoteDb.connect(socket, canonical, probeOptions())) {
                status = leader.status();
            } catch (LevelShareException e) {
                boolean refused = e instanceof AccessRefusedException;
                if (json) {
                    OptionalLong holder = PosixLocks.holderOfDb(canonical);
                    out.println("{\"served\":false,\"dbPath\":" + Json.quote(canonical) + ",\"lockHolderPid\":"
                            + (holder.isPresent() ? Long.toString(holder.getAsLong()) : "null") + ",\"error\":"
                            + Json.quote(refused ? e.getMessage() : null) + "}");
                    return Main.FAILED;
                }
                out.println("no levelshare leader serves " + canonical);
                out.println("  " + lockState(canonical));
                if (refused) {
                    out.println("  " + e.getMessage());
                }
                return Main.FAILED;
            }
            print(status, "socket " + socket, out);
            return Main.OK;
        } catch (IOException | RuntimeException e) {
            err.println("levelshare: status of " + dir + " failed: " + e.getMessage());
            return Main.FAILED;
        }
    }

    private static String lockState(String canonical) {
        try {
            OptionalLong pid = PosixLocks.holderOf(new File(canonical, "LOCK").toPath());
            return pid.isPresent() ? UnservedLock.message(canonical, pid.getAsLong())
                    : "the DB is not open in any process";
        } catch (IOException e) {
            return "no LOCK file: not a LevelDB directory, or never opened";
        }
    }

    private void print(ServerStatus status, String reachedAt, PrintStream out) {
        if (json) {
            out.println(toJson(status, reachedAt));
            return;
        }
        out.println("levelshare leader serves " + status.dbPath);
        out.printf("  pid %d, engine %s%s, up %.1f s%n", status.pid, status.engine,
                status.readOnly ? ", read-only" : "", status.uptimeMillis / 1000.0);
        out.println("  " + reachedAt);
        out.printf("  ops served %d, errors %d, refused peers %d, failovers seen %d%n", status.opsServed,
                status.errors, status.refusedPeers, status.failoversSeen);
        if (status.writersRemembered >= 0) {
            out.printf("  exactly-once: proofs kept for %d writer(s), %d write(s) sent again answered without applying"
                    + " them twice%n", status.writersRemembered, status.duplicatesAnswered);
        } else {
            out.println("  exactly-once: no proofs kept (a custom comparator, or an older leader): writes sent again are"
                    + " applied again");
        }
        long others = status.clients.stream().filter(c -> c.pid != CurrentProcess.pid()).count();
        out.println("  clients " + others);
        for (ServerStatus.Client c : status.clients) {
            if (c.pid != CurrentProcess.pid()) {
                out.printf("    %s%s: %s, %d ops%n", c.peer, c.uid < 0 && c.pid >= 0 ? " (pid " + c.pid + " as it says)"
                        : "", c.name, c.ops);
            }
        }
    }

    /** One line of JSON: the same facts as the text, for scripts and monitoring. */
    static String toJson(ServerStatus status, String reachedAt) {
        StringBuilder clients = new StringBuilder("[");
        for (ServerStatus.Client c : status.clients) {
            if (c.pid == CurrentProcess.pid()) {
                continue; // this status query itself
            }
            if (clients.length() > 1) {
                clients.append(',');
            }
            clients.append("{\"pid\":").append(c.pid).append(",\"uid\":").append(c.uid).append(",\"name\":")
                    .append(Json.quote(c.name)).append(",\"peer\":").append(Json.quote(c.peer)).append(",\"ops\":")
                    .append(c.ops).append('}');
        }
        clients.append(']');
        return "{\"served\":true,\"dbPath\":" + Json.quote(status.dbPath) + ",\"pid\":" + status.pid + ",\"engine\":"
                + Json.quote(status.engine) + ",\"readOnly\":" + status.readOnly + ",\"uptimeMillis\":"
                + status.uptimeMillis + ",\"reachedAt\":" + Json.quote(reachedAt) + ",\"opsServed\":"
                + status.opsServed + ",\"errors\":" + status.errors + ",\"refusedPeers\":" + status.refusedPeers
                + ",\"failoversSeen\":" + status.failoversSeen + ",\"writersRemembered\":" + status.writersRemembered
                + ",\"duplicatesAnswered\":" + status.duplicatesAnswered + ",\"clients\":" + clients + "}";
    }
}
