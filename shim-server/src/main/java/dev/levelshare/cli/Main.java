package dev.levelshare.cli;

import dev.levelshare.config.Settings;
import dev.levelshare.os.NativeLibraryCache;
import dev.levelshare.os.SocketPaths;
import dev.levelshare.transport.NettyJfr;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;

/**
 * {@code java -jar levelshare-shim-server.jar <command> ...}: the sidecar's entry point.
 *
 * <pre>
 * serve  &lt;dir&gt; [options]   open the DB (creating it if missing) and serve it until SIGTERM
 * status &lt;dir&gt; [--json]                          who serves the DB, its clients and counters
 * get, put, delete, scan, count, dump, load, stats, compact: read and write a live DB ({@link Tools})
 * </pre>
 * Exit codes: 0 success, 1 the command could not do its job (see the message), 2 usage error.
 */
public final class Main {
    private Main() {}

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    static final String USAGE_TEXT = String.join("\n",
            "usage: java -jar levelshare-shim-server.jar <command> <dir> [options]",
            "",
            "commands:",
            "  serve  <dir> [--engine jni|iq80] [--readonly] [--allow-uid UID]... [--allow-group GROUP]...",
            "               [--tcp HOST:PORT --token-file FILE] [--hook-jar JAR]... [--min-free-disk-mb MB]",
            "               [--comparator CLASS [--comparator-jar JAR]]",
            "         open the LevelDB at <dir> (created if missing) and serve it to levelshare clients",
            "         until SIGTERM. --engine: leveldbjni (default) or the pure-Java iq80 engine.",
            "         --readonly: refuse every put, delete and batch.",
            "         --comparator: order the DB with this DBComparator (from --comparator-jar, or the class",
            "         path), the one the apps open it with; apps with another comparator cannot follow.",
            "         --allow-uid, --allow-group: also admit these users to the Unix socket (default: own uid only).",
            "         --tcp: also listen on TCP; every client must present the token in --token-file (mode 600).",
            "         --hook-jar: run the WriteHooks this jar declares (META-INF/services) before every write.",
            "         --min-free-disk-mb: refuse writes while the DB's disk has less free (default 64; 0: never).",
            "  status <dir> [--json]   |   status --tcp HOST:PORT --token-file FILE [--json]",
            "         show whether a levelshare leader serves <dir> (or the TCP sidecar at HOST:PORT):",
            "         pid, engine, uptime, clients, counters, refused peers, failovers seen.",
            "",
            "tools for a live DB (they join as a follower while a leader serves <dir>; else they open it",
            "themselves for their duration, as a leader others may join):",
            "  get     <dir> KEY                 print the value; a missing key exits 1",
            "  put     <dir> KEY VALUE [--create]",
            "  delete  <dir> KEY [--create]",
            "  scan    <dir> [--prefix P | --from K] [--to K] [--reverse] [--limit N] [--keys-only]",
            "          one entry per line, KEY<TAB>VALUE, in the DB's order; --to is exclusive",
            "  count   <dir> [--prefix P | --from K] [--to K]",
            "  dump    <dir> [--out FILE]        every entry, from one snapshot, as JSON lines",
            "                                    {\"key\":\"<base64>\",\"value\":\"<base64>\"}",
            "  load    <dir> [--in FILE] [--create]   write a dump back (checked whole first); prints the count",
            "  stats   <dir>                     the engine's leveldb.stats and the approximate size",
            "  compact <dir> [--from K] [--to K]",
            "  --encoding utf8|hex|base64 (default utf8) for keys and values given and printed; in utf8 a",
            "  backslash escapes: \\\\ \\t \\n \\r \\xHH (any other control character or byte that is not UTF-8).",
            "  --create: a writing command makes the DB if it does not exist.",
            "",
            "The socket lives in /tmp/levelshare-<uid>/ unless -Dlevelshare.socketDir or LEVELSHARE_SOCKET_DIR says otherwise.");

    public static void main(String[] args) {
        NettyJfr.offUnlessSet();
        SidecarLogging.configure(args.length > 0 && Tools.COMMANDS.contains(args[0]));
        shareNativeLibrary();
        System.exit(run(args, System.out, System.err));
    }

    /** Before the engine loads: a killed sidecar leaves no copy of leveldbjni's library behind. */
    private static void shareNativeLibrary() {
        try {
            NativeLibraryCache.prepare(Main.class.getClassLoader(), SocketPaths.fromSettings(Settings.fromSystem()));
        } catch (IOException | RuntimeException e) {
            LoggerFactory.getLogger(Main.class).debug("leveldbjni extracts its own library: {}", e.toString());
        }
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help")) {
            (args.length == 0 ? err : out).println(USAGE_TEXT);
            return args.length == 0 ? USAGE : OK;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            switch (args[0]) {
                case "serve":
                    return ServeCommand.parse(rest).run(out, err);
                case "status":
                    return StatusCommand.parse(rest).run(out, err);
                default:
                    if (Tools.COMMANDS.contains(args[0])) {
                        return Tools.run(args[0], rest, out, err);
                    }
                    throw new UsageException("unknown command '" + args[0] + "'");
            }
        } catch (UsageException e) {
            err.println("levelshare: " + e.getMessage());
            err.println();
            err.println(USAGE_TEXT);
            return USAGE;
        }
    }
}
