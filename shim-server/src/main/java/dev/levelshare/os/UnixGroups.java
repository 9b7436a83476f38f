package dev.levelshare.os;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;

/**
 * Group lookups without native code: names from {@code /etc/group}, a process's groups from {@code /proc/<pid>/status}.
 * Groups served only by NSS (LDAP, sssd) are not in {@code /etc/group}: name them by number.
 */
public final class UnixGroups {
    private UnixGroups() {}

    /** The gid of a group given by name or number. */
    public static int gidOf(String nameOrNumber) {
        return gidOf(nameOrNumber, Paths.get("/etc/group"));
    }

    static int gidOf(String nameOrNumber, Path groupFile) {
        String wanted = nameOrNumber.trim();
        if (wanted.matches("\\d+")) {
            return Integer.parseInt(wanted);
        }
        try {
            for (String line : Files.readAllLines(groupFile, StandardCharsets.UTF_8)) {
                String[] fields = line.split(":", -1);
                if (fields.length >= 3 && fields[0].equals(wanted)) {
                    return Integer.parseInt(fields[2].trim());
                }
            }
        } catch (IOException | NumberFormatException e) {
            throw new IllegalArgumentException("levelshare: cannot read group '" + wanted + "' from " + groupFile
                    + ": " + e.getMessage() + "; give the group by number", e);
        }
        throw new IllegalArgumentException("levelshare: no group named '" + wanted + "' in " + groupFile
                + "; give the group by number");
    }

    /**
     * The supplementary groups of a running process ({@code Groups:} in /proc), or an empty array if it cannot be read
     * (the process exited, or /proc is mounted with hidepid).
     */
    public static int[] groupsOf(long pid) {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc", Long.toString(pid), "status"),
                    StandardCharsets.UTF_8)) {
                if (line.startsWith("Groups:")) {
                    String list = line.substring("Groups:".length()).trim();
                    return list.isEmpty() ? new int[0]
                            : Arrays.stream(list.split("\\s+")).mapToInt(Integer::parseInt).toArray();
                }
            }
        } catch (IOException | RuntimeException e) {
            // Treated as "no supplementary groups": the peer can still be admitted by uid or primary group.
        }
        return new int[0];
    }
}
