package dev.levelshare.it.plainapps;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** The app's side of a test conversation: print a step, wait for the test's next command on stdin. */
final class Console {
    private static final BufferedReader IN = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));

    private Console() {}

    static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    /** Blocks until the test sends {@code command}; exits if stdin closes first (the test went away). */
    static void await(String command) throws IOException {
        String line;
        while ((line = IN.readLine()) != null) {
            if (line.trim().equals(command)) {
                return;
            }
        }
        say("stdin closed while waiting for " + command);
        System.exit(4);
    }
}
