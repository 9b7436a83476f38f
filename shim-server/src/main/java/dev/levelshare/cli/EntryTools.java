package dev.levelshare.cli;

import java.io.PrintStream;

/** {@code get}, {@code put}, {@code delete}: one key. */
final class EntryTools {
    private EntryTools() {}

    /** Prints the value and a newline; a missing key prints nothing on stdout, a line on stderr, and exits 1. */
    static Tools.Work get(ToolArgs args, byte[] key, PrintStream out, PrintStream err) {
        return live -> {
            byte[] value = live.db.get(key);
            if (value == null) {
                err.println("levelshare: no key " + args.encoding.encode(key) + " in " + live.canonicalPath);
                return Main.FAILED;
            }
            out.println(args.encoding.encode(value));
            out.flush();
            return Main.OK;
        };
    }

    static Tools.Work put(byte[] key, byte[] value) {
        return live -> {
            live.db.put(key, value);
            return Main.OK;
        };
    }

    static Tools.Work delete(byte[] key) {
        return live -> {
            live.db.delete(key);
            return Main.OK;
        };
    }
}
