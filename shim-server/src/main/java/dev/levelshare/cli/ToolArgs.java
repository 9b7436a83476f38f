package dev.levelshare.cli;

import java.io.File;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A tool's command line: the directory, positional arguments, and options, checked against what the command accepts.
 * Every tool accepts {@code --encoding utf8|hex|base64}.
 */
final class ToolArgs {
    final String command;
    final File dir;
    final List<String> positional;
    private final Map<String, String> options;
    final ByteEncoding encoding;

    private ToolArgs(String command, File dir, List<String> positional, Map<String, String> options) {
        this.command = command;
        this.dir = dir;
        this.positional = positional;
        this.options = options;
        this.encoding = ByteEncoding.parse(options.getOrDefault("--encoding", "utf8"));
    }

    /**
     * @param valued the options that take a value; {@code flags} those that do not; {@code positionals} how many
     *               arguments follow the directory
     */
    static ToolArgs parse(String command, String[] args, int positionals, Set<String> valued, Set<String> flags) {
        List<String> positional = new ArrayList<>();
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.startsWith("--") && arg.length() > 2) {
                if (valued.contains(arg) || arg.equals("--encoding")) {
                    if (i + 1 >= args.length) {
                        throw new UsageException(command + ": " + arg + " needs a value");
                    }
                    putOnce(command, options, arg, args[++i]);
                } else if (flags.contains(arg)) {
                    putOnce(command, options, arg, "");
                } else {
                    throw new UsageException(command + ": unknown option " + arg);
                }
            } else {
                positional.add(arg);
            }
        }
        if (positional.isEmpty()) {
            throw new UsageException(command + ": which directory?");
        }
        if (positional.size() != positionals + 1) {
            throw new UsageException(command + " takes " + (positionals == 0 ? "only a directory"
                    : "a directory and " + positionals + " more argument" + (positionals > 1 ? "s" : ""))
                    + ", got " + positional.size() + ": " + String.join(" ", positional));
        }
        return new ToolArgs(command, new File(positional.get(0)), positional.subList(1, positional.size()), options);
    }

    private static void putOnce(String command, Map<String, String> options, String name, String value) {
        if (options.put(name, value) != null) {
            throw new UsageException(command + ": " + name + " given twice");
        }
    }

    boolean has(String option) {
        return options.containsKey(option);
    }

    String value(String option) {
        return options.get(option);
    }

    /** The option's bytes in the chosen encoding, or null if absent. */
    byte[] bytes(String option) {
        String text = options.get(option);
        return text == null ? null : encoding.decode(text, option);
    }

    byte[] positionalBytes(int index, String what) {
        return encoding.decode(positional.get(index), what);
    }

    long positiveLong(String option, long absent) {
        String text = options.get(option);
        if (text == null) {
            return absent;
        }
        try {
            long value = Long.parseLong(text);
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(command + ": " + option + " needs a number of 0 or more, got '" + text + "'");
    }
}
