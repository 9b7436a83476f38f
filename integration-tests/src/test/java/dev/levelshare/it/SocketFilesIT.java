package dev.levelshare.it;

import dev.levelshare.it.plainapps.CommandApp;
import dev.levelshare.os.SocketPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Socket files do not pile up: a leader's exit removes its own, the next leader removes what killed ones left. */
class SocketFilesIT {
    private static final Duration STEP = Duration.ofSeconds(30);

    @TempDir Path temp;
    @RegisterExtension final StartedJvms started = new StartedJvms();

    private Path sockets() {
        return temp.resolve("s");
    }

    private Jvm leader(String name) throws Exception {
        Jvm jvm = Jvm.plainApp(name, temp, sockets(), Jvm.javaBinary(), Jvm.plainClasspath(), "", CommandApp.class,
                "jni", temp.resolve(name).toString());
        started.track(jvm);
        jvm.awaitLine("leader for", STEP);
        return jvm;
    }

    private Path socketOf(String name) throws IOException {
        return new SocketPaths(sockets()).socketFor(temp.resolve(name).toFile());
    }

    @Test
    void aLeaderThatExitsWithoutClosingRemovesItsSocketFile() throws Exception {
        Jvm exiting = leader("exits");
        assertTrue(Files.exists(socketOf("exits")));
        exiting.send("exit"); // System.exit without a close, as most apps end
        exiting.awaitExit(STEP);
        assertFalse(Files.exists(socketOf("exits")), "left behind by a normal exit");

        Jvm terminated = leader("terminated");
        assertTrue(Files.exists(socketOf("terminated")));
        terminated.terminate(); // SIGTERM
        terminated.awaitExit(STEP);
        assertFalse(Files.exists(socketOf("terminated")), "left behind by SIGTERM");
    }

    @Test
    void theNextLeaderRemovesTheSocketFilesKilledLeadersLeft() throws Exception {
        Jvm killed = leader("killed");
        Path leftover = socketOf("killed");
        killed.kill();
        killed.awaitExit(STEP);
        assertTrue(Files.exists(leftover), "a SIGKILLed process removes nothing");
        // A leftover older than the sweep's margin for sockets still being set up (a few microseconds).
        Files.setLastModifiedTime(leftover, FileTime.from(Instant.now().minusSeconds(60)));

        Jvm next = leader("next"); // another DB, in the same socket directory
        long deadline = System.nanoTime() + STEP.toNanos();
        while (Files.exists(leftover) && System.nanoTime() < deadline) {
            Thread.sleep(20); // the sweep runs in the background of the new leader's open: nothing to await but the file
        }
        assertFalse(Files.exists(leftover), "the dead leader's socket is still there");
        assertTrue(Files.exists(socketOf("next")), "the live leader's socket was swept too");
        next.send("read a");
        next.awaitLine("read a = null", STEP);
    }
}
