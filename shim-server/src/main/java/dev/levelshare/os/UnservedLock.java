package dev.levelshare.os;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.OptionalLong;

/**
 * What every levelshare process says of a DB whose LevelDB lock a process holds without serving it (an app running
 * without the agent): nobody can reach its data until that process ends or starts serving.
 */
public final class UnservedLock {
    private UnservedLock() {}

    /** The message for {@code canonicalPath}, naming its lock holder as it is now. */
    public static String message(String canonicalPath) {
        OptionalLong holder = PosixLocks.holderOfDb(canonicalPath);
        return holder.isPresent() ? message(canonicalPath, holder.getAsLong())
                : "levelshare: " + canonicalPath + " is locked by another process, which does not serve it (is it"
                        + " running without the levelshare agent?)";
    }

    /** The message for {@code canonicalPath} locked by process {@code pid}, with its command line where readable. */
    public static String message(String canonicalPath, long pid) {
        return "levelshare: " + canonicalPath + " is locked by process " + pid + ", which does not serve it (is it"
                + " running without the levelshare agent?)" + commandLineOf(pid);
    }

    /** " Its command line: ...", shortened, or nothing if it cannot be read. */
    private static String commandLineOf(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Paths.get("/proc", Long.toString(pid), "cmdline"));
            String line = new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').trim();
            return line.isEmpty() ? "" : ". Its command line: "
                    + (line.length() > 120 ? line.substring(0, 117) + "..." : line);
        } catch (IOException e) {
            return "";
        }
    }
}
