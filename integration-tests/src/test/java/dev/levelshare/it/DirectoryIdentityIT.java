package dev.levelshare.it;

import dev.levelshare.it.plainapps.CommandApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A DB is the directory it was opened in, not its path: test suites delete a DB directory and make it again at the
 * same path while handles of the old one are still open. Unmodified apps with the agent, in separate JVMs.
 */
class DirectoryIdentityIT {
    private static final Duration STEP = Duration.ofSeconds(30);

    @TempDir Path temp;
    @RegisterExtension final StartedJvms started = new StartedJvms();

    private Path db() {
        return temp.resolve("db");
    }

    private Jvm app(String name) throws IOException {
        Jvm jvm = Jvm.plainApp(name, temp, temp.resolve("s"), Jvm.javaBinary(), Jvm.plainClasspath(),
                "failoverDeadlineMs=5000", CommandApp.class, "jni", db().toString());
        return started.track(jvm);
    }

    @Test
    void aFollowerWhoseDirectoryWasMadeAgainNeverLeadsTheNewOneAndTheNextOpenIsFresh() throws Exception {
        Jvm leader = app("leader");
        leader.awaitLine("leader for", STEP);
        leader.send("set a old");
        leader.awaitLine("set a old ok", STEP);
        Jvm follower = app("follower");
        follower.awaitLine("follower for", STEP);
        follower.send("read a");
        follower.awaitLine("read a = old", STEP);

        deleteTree(db()); // as a test suite does between two tests, while both handles stay open
        Files.createDirectory(db());
        leader.send("close");
        leader.awaitLine("closed", STEP);

        follower.send("read a");
        String failed = follower.awaitLine("read a failed", STEP);
        assertTrue(failed.contains("dev.levelshare.DirectoryReplacedException") && failed.contains(db().toFile().getCanonicalPath())
                && failed.contains("no longer the directory this DB was opened in"), failed);
        follower.send("set b x");
        follower.awaitLine("set b failed", STEP); // every call, not only the first
        try (Stream<Path> files = Files.list(db())) {
            assertFalse(files.anyMatch(f -> f.getFileName().toString().equals("CURRENT")),
                    "the old directory's follower opened a DB in the new directory");
        }

        Jvm fresh = app("fresh");
        fresh.awaitLine("leader for", STEP);
        fresh.send("read a");
        fresh.awaitLine("read a = null", STEP); // a new DB: nothing of the deleted one
        fresh.send("set c new");
        fresh.awaitLine("set c new ok", STEP);
        follower.send("read c");
        assertTrue(follower.awaitLine("read c failed", STEP).contains("no longer the directory"),
                "the old handle never reaches the new directory's leader");
    }

    static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
