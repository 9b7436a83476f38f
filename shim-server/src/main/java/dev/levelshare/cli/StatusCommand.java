package dev.levelshare.cli;

import dev.levelshare.LevelShareException;
import dev.levelshare.client.ClientOptions;
import dev.levelshare.client.Endpoint;
import dev.levelshare.client.RemoteDb;
import dev.levelshare.config.Settings;
import dev.levelshare.os.CurrentProcess;
import dev.levelshare.os.PosixLocks;
import dev.levelshare.os.SocketPaths;
import dev.levelshare.protocol.Hello;
import dev.levelshare.protocol.ServerStatus;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.OptionalLong;

/**
 * {@code status <dir>}: who serves the DB, with its clients and counters; or who holds it without serving it.
 * {@code status --tcp HOST:PORT --token-file F}: the same for a TCP sidecar.
 */
final class StatusCommand {
    private final File dir;
    private final String tcp;
    private final Path tokenFile;

    private StatusCommand(File dir, String tcp, Path tokenFile) {
        this.dir = dir;
        this.tcp = tcp;
        this.tokenFile = tokenFile;
    }

    static StatusCommand parse(String[] args) {
        if (args.length == 4 && args[0].equals("--tcp") && args[2].equals("--token-file")) {
            return new StatusCommand(null, args[1], Paths.get(args[3]));
        }
        if (args.length != 1 || args[0].startsWith("-")) {
            throw new UsageException("status takes exactly one directory, or --tcp HOST:PORT --token-file FILE");
        }
        return new StatusCommand(new File(args[0]), null, null);
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
            Path socket = SocketPaths.fromSettings(Settings.fromSystem()).socketForCanonical(canonical);
            ServerStatus status;
            try (RemoteDb leader = RemoteDb.connect(socket, canonical, probeOptions())) {
                status = leader.status();
            } catch (LevelShareException e) {
                out.println("no levelshare leader serves " + canonical);
                out.println("  " + lockState(canonical));
                if (e.getMessage().contains("permission denied") || e.getMessage().contains("may not use")) {
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
            return pid.isPresent() ? "LOCK is held by process " + pid.getAsLong() + ", which does not serve it"
                    : "the DB is not open in any process";
        } catch (IOException e) {
            return "no LOCK file: not a LevelDB directory, or never opened";
        }
    }

    private static void print(ServerStatus status, String reachedAt, PrintStream out) {
        out.println("levelshare leader serves " + status.dbPath);
        out.printf("  pid %d, engine %s%s, up %.1f s%n", status.pid, status.engine,
                status.readOnly ? ", read-only" : "", status.uptimeMillis / 1000.0);
        out.println("  " + reachedAt);
        out.printf("  ops served %d, errors %d, refused peers %d, failovers seen %d%n", status.opsServed,
                status.errors, status.refusedPeers, status.failoversSeen);
        long others = status.clients.stream().filter(c -> c.pid != CurrentProcess.pid()).count();
        out.println("  clients " + others);
        for (ServerStatus.Client c : status.clients) {
            if (c.pid != CurrentProcess.pid()) {
                out.printf("    %s%s: %s, %d ops%n", c.peer, c.uid < 0 && c.pid >= 0 ? " (pid " + c.pid + " as it says)"
                        : "", c.name, c.ops);
            }
        }
    }
}
