package dev.levelshare.it;

import dev.levelshare.client.ClientOptions;
import dev.levelshare.client.RemoteDb;
import dev.levelshare.it.apps.ProbeApp;
import dev.levelshare.it.plainapps.SharedWriterApp;
import dev.levelshare.os.CurrentProcess;
import dev.levelshare.os.SocketPaths;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A process of another user ({@code nobody}, switched to with setpriv) against a sidecar: refused by default and by an
 * allow-list that does not name it, learning nothing about the DB; admitted when its group is allowed. Needs root to
 * switch users (the CI machine runs as root); elsewhere the test is skipped, saying why.
 */
class OtherUserIT {
    private static final Duration STEP = Duration.ofSeconds(30);
    private static final int NOBODY = 65534;

    @TempDir
    Path temp;
    private Path publicDir;

    @BeforeEach
    void requireRootAndShareTheProbe() throws Exception {
        assumeTrue(CurrentProcess.uid() == 0, "switching to another user needs root");
        assumeTrue(new File("/usr/bin/setpriv").canExecute() || new File("/bin/setpriv").canExecute(),
                "setpriv (util-linux) is needed to run a process as nobody");
        for (Path dir = temp.toAbsolutePath().getParent(); dir != null; dir = dir.getParent()) {
            assumeTrue(Files.getPosixFilePermissions(dir).contains(PosixFilePermission.OTHERS_EXECUTE),
                    "other users cannot traverse " + dir + " (java.io.tmpdir): they could not reach any socket below it");
        }
        // nobody must reach the probe's code (not the DB, not the sockets): a world-readable copy under a traversable temp.
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwx--x--x"));
        publicDir = Files.createDirectory(temp.resolve("pub"));
        Path probeClass = Path.of(ProbeApp.class.getName().replace('.', '/') + ".class");
        Path target = publicDir.resolve("classes").resolve(probeClass);
        Files.createDirectories(target.getParent());
        Files.copy(Jvm.classes().resolve(probeClass), target);
        Files.copy(Path.of(Jvm.shimJar()), publicDir.resolve("shim.jar"), StandardCopyOption.REPLACE_EXISTING);
        try (var paths = Files.walk(publicDir)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(
                        Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
    }

    private File db() {
        return temp.resolve("db").toFile();
    }

    /** Runs the probe as nobody against {@code socket}; returns what it printed. */
    private String probeAsNobody(Path socket) throws Exception {
        List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY,
                "--clear-groups", Jvm.javaBinary(), "-XX:-UsePerfData",
                "-cp", publicDir.resolve("shim.jar") + File.pathSeparator + publicDir.resolve("classes"),
                ProbeApp.class.getName(), socket.toString(), "put"));
        try (Jvm probe = Jvm.start("probe-as-nobody", temp, command)) {
            assertEquals(0, probe.awaitExit(STEP), probe.output());
            return probe.output();
        }
    }

    private Path socketOf(Path socketDir) throws Exception {
        return new SocketPaths(socketDir).socketFor(db());
    }

    /** The probe's write never arrived. */
    private void assertNothingWritten(Path socketDir) throws Exception {
        try (RemoteDb own = RemoteDb.connect(socketOf(socketDir), db().getCanonicalPath(), ClientOptions.defaults())) {
            assertNull(own.get("probe".getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void byDefaultAnotherUserCannotEvenReachTheSocket() throws Exception {
        Path sockets = temp.resolve("private-sockets");
        try (Jvm sidecar = Jvm.sidecar(temp, sockets, "serve", db().toString())) {
            sidecar.awaitLine("serving ", STEP);
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(sockets)));
            String probe = probeAsNobody(socketOf(sockets));
            assertTrue(probe.contains("refused: ") && probe.contains("ermission denied"), probe);
            assertFalse(probe.contains(db().getCanonicalPath()), "learned the DB path: " + probe);
            assertFalse(probe.contains("connected"), probe);
            assertNothingWritten(sockets);
        }
    }

    @Test
    void anAllowListThatDoesNotNameTheUserRefusesItWithALoggedLineAndNothingLearned() throws Exception {
        Path sockets = temp.resolve("shared-sockets");
        try (Jvm sidecar = Jvm.sidecar(temp, sockets, "serve", db().toString(), "--allow-uid", "4242")) {
            sidecar.awaitLine("serving ", STEP);
            String probe = probeAsNobody(socketOf(sockets));
            assertTrue(probe.contains("refused: levelshare: uid " + NOBODY + " may not use this socket"), probe);
            assertFalse(probe.contains(db().getCanonicalPath()), "learned the DB path: " + probe);
            assertFalse(probe.contains("pid " + sidecar.pid()), "learned the leader's pid: " + probe);
            String logged = sidecar.awaitLine("refused peer pid", STEP);
            assertTrue(logged.contains("uid " + NOBODY), logged);
            assertNothingWritten(sockets);
            try (Jvm status = Jvm.shim("status", temp, sockets, "status", db().toString())) {
                assertEquals(0, status.awaitExit(STEP), status.output());
                assertTrue(status.output().contains("refused peers 1"), status.output());
            }
        }
    }

    @Test
    void anAllowedGroupLetsTheOtherUserReadAndWrite() throws Exception {
        Path sockets = temp.resolve("group-sockets");
        try (Jvm sidecar = Jvm.sidecar(temp, sockets, "serve", db().toString(), "--allow-group", "" + NOBODY)) {
            sidecar.awaitLine("serving ", STEP);
            String probe = probeAsNobody(socketOf(sockets));
            assertTrue(probe.contains("connected " + db().getCanonicalPath() + " pid " + sidecar.pid()), probe);
            assertTrue(probe.contains("put ok"), probe);
            try (RemoteDb own = RemoteDb.connect(socketOf(sockets), db().getCanonicalPath(), ClientOptions.defaults())) {
                assertArrayEquals("was here".getBytes(StandardCharsets.UTF_8),
                        own.get("probe".getBytes(StandardCharsets.UTF_8)));
            }
        }
    }

    @Test
    void anAppWithTheAgentAdmitsTheUsersItsAllowUidsSettingNames() throws Exception {
        Path sockets = temp.resolve("agent-sockets");
        try (Jvm app = Jvm.plainApp("leader-app", temp, sockets, Jvm.javaBinary(), Jvm.plainClasspath(),
                "allowUids=" + NOBODY, SharedWriterApp.class, "jni", db().toString(), "app", "10", "11")) {
            app.awaitLine("wrote 10", STEP);
            assertTrue(app.output().contains("[levelshare] leader for " + db().getCanonicalPath()), app.output());
            String probe = probeAsNobody(socketOf(sockets));
            assertTrue(probe.contains("put ok"), probe);
            app.awaitLine("saw 11", STEP); // the leader app sees the other user's write
        }
    }
}
