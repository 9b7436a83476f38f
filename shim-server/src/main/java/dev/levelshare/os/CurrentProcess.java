package dev.levelshare.os;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;

/** This process's pid and uid (Linux: the uid comes from /proc/self/status, no native code needed). */
public final class CurrentProcess {
    private CurrentProcess() {}

    private static final long PID = ProcessHandle.current().pid();
    private static final int UID = readUid();

    public static long pid() {
        return PID;
    }

    public static int uid() {
        return UID;
    }

    /** A short name for logs and status: the main class or jar from the command line, else "pid N". */
    public static String name() {
        String command = System.getProperty("sun.java.command", "");
        String first = command.split(" ", 2)[0];
        return first.isEmpty() ? "pid " + PID : first;
    }

    private static int readUid() {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/self/status"), StandardCharsets.UTF_8)) {
                if (line.startsWith("Uid:")) {
                    return Integer.parseInt(line.substring(4).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux or /proc hidden: fall through to the user name based guess below.
        }
        return "root".equals(System.getProperty("user.name")) ? 0 : -1;
    }
}
