package dev.levelshare.cli;

import org.iq80.leveldb.DBException;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Set;

/**
 * The tools that read and write a live DB ({@code get put delete scan count dump load stats compact}): each parses its
 * command line (exit 2 if wrong, before touching the DB), joins the DB ({@link LiveDb}), does its work and leaves.
 */
final class Tools {
    static final Set<String> COMMANDS = Set.of("get", "put", "delete", "scan", "count", "dump", "load", "stats",
            "compact");

    private Tools() {}

    /** A tool's work on the joined DB; what it returns is the exit code. */
    interface Work {
        int run(LiveDb live) throws IOException, ToolFailure;
    }

    static int run(String command, String[] args, PrintStream out, PrintStream err) {
        Prepared prepared = prepare(command, args, out, err); // a UsageException reaches Main: exit 2
        try (LiveDb live = LiveDb.join(prepared.args.dir, prepared.creates && prepared.args.has("--create"))) {
            return prepared.work.run(live);
        } catch (ToolFailure e) {
            err.println(e.getMessage());
            return Main.FAILED;
        } catch (UnsupportedOperationException e) {
            err.println("levelshare: " + command + ": the DB's engine cannot do this: " + e.getMessage()
                    + " (reverse scans need leveldbjni)");
            return Main.FAILED;
        } catch (IOException | DBException e) {
            err.println("levelshare: " + command + " " + prepared.args.dir + " failed: " + e.getMessage());
            return Main.FAILED;
        }
    }

    /** The parsed command line and the work to do with it. */
    private static final class Prepared {
        final ToolArgs args;
        final boolean creates;
        final Work work;

        Prepared(ToolArgs args, boolean creates, Work work) {
            this.args = args;
            this.creates = creates;
            this.work = work;
        }
    }

    private static Prepared prepare(String command, String[] args, PrintStream out, PrintStream err) {
        ToolArgs a;
        switch (command) {
            case "get":
                a = ToolArgs.parse(command, args, 1, Set.of(), Set.of());
                return new Prepared(a, false, EntryTools.get(a, a.positionalBytes(0, "KEY"), out, err));
            case "put":
                a = ToolArgs.parse(command, args, 2, Set.of(), Set.of("--create"));
                return new Prepared(a, true, EntryTools.put(a.positionalBytes(0, "KEY"),
                        a.positionalBytes(1, "VALUE")));
            case "delete":
                a = ToolArgs.parse(command, args, 1, Set.of(), Set.of("--create"));
                return new Prepared(a, true, EntryTools.delete(a.positionalBytes(0, "KEY")));
            case "scan":
                a = ToolArgs.parse(command, args, 0, Set.of("--prefix", "--from", "--to", "--limit"),
                        Set.of("--reverse", "--keys-only"));
                return new Prepared(a, false, ScanTools.scan(a, KeyRange.of(a), out, err));
            case "count":
                a = ToolArgs.parse(command, args, 0, Set.of("--prefix", "--from", "--to"), Set.of());
                return new Prepared(a, false, ScanTools.count(KeyRange.of(a), out, err));
            case "dump":
                a = ToolArgs.parse(command, args, 0, Set.of("--out"), Set.of());
                return new Prepared(a, false, DumpTools.dump(a.value("--out"), out, err));
            case "load":
                a = ToolArgs.parse(command, args, 0, Set.of("--in"), Set.of("--create"));
                return new Prepared(a, true, DumpTools.load(a.value("--in"), out, err));
            case "stats":
                a = ToolArgs.parse(command, args, 0, Set.of(), Set.of());
                return new Prepared(a, false, EngineTools.stats(out));
            case "compact":
                a = ToolArgs.parse(command, args, 0, Set.of("--from", "--to"), Set.of());
                return new Prepared(a, false, EngineTools.compact(a.bytes("--from"), a.bytes("--to"), out, err));
            default:
                throw new UsageException("unknown command '" + command + "'");
        }
    }
}
