package dev.levelshare.it;

import dev.levelshare.LevelShareException;
import dev.levelshare.client.ClientOptions;
import dev.levelshare.client.RemoteDb;
import dev.levelshare.it.apps.PlainLockHolderApp;
import dev.levelshare.it.apps.RemoteWriterApp;
import dev.levelshare.os.SocketPaths;
import dev.levelshare.protocol.ServerStatus;
import org.fusesource.leveldbjni.JniDBFactory;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.levelshare.WriteRejectedException;
import dev.levelshare.hooks.WriteHook;
import dev.levelshare.it.hooks.RejectPrefixHook;
import org.iq80.leveldb.WriteBatch;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sidecar as users run it: {@code java -jar levelshare-shim-server.jar serve|status}, in separate JVMs. */
class SidecarIT {
    private static final Duration START = Duration.ofSeconds(30);

    @TempDir
    Path temp;

    Path socketDir() {
        return temp.resolve("sock");
    }

    File dbDir() {
        return temp.resolve("db").toFile();
    }

    RemoteDb connect() throws Exception {
        String canonical = dbDir().getCanonicalPath();
        return RemoteDb.connect(new SocketPaths(socketDir()).socketFor(dbDir()), canonical,
                ClientOptions.defaults().withClientName("SidecarIT"));
    }

    Jvm status() throws Exception {
        return Jvm.shim("status", temp, socketDir(), "status", dbDir().toString());
    }

    @Test
    void aSidecarServesSeveralClientProcessesAndClosesCleanlyOnSigterm() throws Exception {
        try (Jvm sidecar = Jvm.sidecar(temp, socketDir(), "serve", dbDir().toString())) {
            sidecar.awaitLine("serving " + dbDir().getCanonicalPath(), START);
            List<Jvm> writers = new ArrayList<>();
            for (String prefix : new String[] {"a", "b", "c"}) {
                writers.add(Jvm.app("writer-" + prefix, temp, socketDir(), RemoteWriterApp.class,
                        dbDir().toString(), prefix, "500"));
            }
            for (Jvm writer : writers) {
                assertEquals(0, writer.awaitExit(START), writer.output());
                assertTrue(writer.output().contains("done 500 "), writer.output());
                writer.close();
            }

            try (RemoteDb client = connect()) {
                ServerStatus status = client.status();
                assertEquals(sidecar.pid(), status.pid);
                assertEquals("leveldbjni", status.engine);
                assertTrue(status.opsServed >= 3000, "puts and gets of three writers: " + status.opsServed);
                try (Jvm statusCli = status()) {
                    assertEquals(0, statusCli.awaitExit(START), statusCli.output());
                    String printed = statusCli.output();
                    assertTrue(printed.contains("levelshare leader serves " + dbDir().getCanonicalPath()), printed);
                    assertTrue(printed.contains("pid " + sidecar.pid() + ", engine leveldbjni"), printed);
                    assertTrue(printed.contains("clients 1"), "this test's own client: " + printed);
                }
            }

            Path socket = new SocketPaths(socketDir()).socketFor(dbDir());
            assertTrue(Files.exists(socket));
            long terminated = System.nanoTime();
            sidecar.terminate();
            sidecar.awaitExit(START);
            // HotSpot holds an exiting JVM up to 300 ms more while a thread waits in native code, as the server
            // loops do once the server is closed: the sidecar took ~325 ms to end, ~20 ms once they are woken.
            long exitMillis = (System.nanoTime() - terminated) / 1_000_000;
            assertTrue(exitMillis < 250, "the sidecar took " + exitMillis + " ms to exit after SIGTERM");
            assertTrue(sidecar.output().contains("closed " + dbDir().getCanonicalPath()), sidecar.output());
            assertFalse(Files.exists(socket), "the socket is removed on shutdown");
        }
        // The lock is released and every acknowledged write is there.
        try (DB db = JniDBFactory.factory.open(dbDir(), new Options())) {
            for (String prefix : new String[] {"a", "b", "c"}) {
                for (int i = 0; i < 500; i++) {
                    byte[] key = (prefix + "-" + i).getBytes(StandardCharsets.UTF_8);
                    assertArrayEquals(key, db.get(key), prefix + "-" + i);
                }
            }
        }
    }

    @Test
    void aSignalRightAfterTheServingLineStillClosesEverythingCleanly() throws Exception {
        for (int round = 0; round < 6; round++) {
            File db = temp.resolve("early-" + round).toFile();
            String canonical = db.getCanonicalPath();
            Path socket = new SocketPaths(socketDir()).socketFor(db);
            try (Jvm sidecar = Jvm.sidecar(temp, socketDir(), "serve", db.toString())) {
                sidecar.awaitLine("serving " + canonical, START);
                if (round % 2 == 0) {
                    sidecar.terminate(); // as a service manager does: SIGTERM whenever it likes
                } else {
                    sidecar.signal("INT"); // Ctrl-C
                }
                sidecar.awaitExit(START);
                String output = sidecar.output();
                assertTrue(output.contains("closed " + canonical), "round " + round + ":\n" + output);
                assertFalse(Files.exists(socket), "round " + round + ": the socket is removed");
            }
            try (DB direct = JniDBFactory.factory.open(db, new Options())) {
                assertNull(direct.get("k".getBytes(StandardCharsets.UTF_8)), "the lock is free and the DB intact");
            }
        }
    }

    @Test
    void theIq80EngineCanBeServedToo() throws Exception {
        try (Jvm sidecar = Jvm.sidecar(temp, socketDir(), "serve", dbDir().toString(), "--engine", "iq80")) {
            sidecar.awaitLine("(iq80)", START);
            try (RemoteDb client = connect()) {
                client.put("k".getBytes(), "v".getBytes());
                assertEquals("v", new String(client.get("k".getBytes())));
                assertEquals("iq80", client.server().engine);
                UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                        () -> client.compactRange(null, null));
                assertEquals("Not yet implemented", e.getMessage());
            }
        }
    }

    @Test
    void aReadOnlySidecarRefusesEveryWriteClearlyAndStillServesReads() throws Exception {
        try (DB db = JniDBFactory.factory.open(dbDir(), new Options().createIfMissing(true))) {
            db.put("k".getBytes(), "v".getBytes());
        }
        try (Jvm sidecar = Jvm.sidecar(temp, socketDir(), "serve", dbDir().toString(), "--readonly")) {
            sidecar.awaitLine("serving", START);
            try (RemoteDb client = connect()) {
                assertEquals("v", new String(client.get("k".getBytes())));
                LevelShareException put = assertThrows(LevelShareException.class,
                        () -> client.put("x".getBytes(), "y".getBytes()));
                assertTrue(put.getMessage().contains("is served read-only; put refused"), put.getMessage());
                assertThrows(LevelShareException.class, () -> client.delete("k".getBytes()));
                assertThrows(LevelShareException.class, () -> client.write(client.createWriteBatch()));
                assertEquals("v", new String(client.get("k".getBytes())));
            }
        }
    }

    @Test
    void aSecondSidecarIsRefusedNamingTheLeader() throws Exception {
        try (Jvm first = Jvm.sidecar(temp, socketDir(), "serve", dbDir().toString())) {
            first.awaitLine("serving", START);
            try (Jvm second = Jvm.sidecar(temp, socketDir(), "serve", dbDir().toString())) {
                assertEquals(1, second.awaitExit(START));
                assertTrue(second.output().contains("is already served by a levelshare leader (pid " + first.pid()),
                        second.output());
            }
            try (RemoteDb client = connect()) {
                client.put("still".getBytes(), "served".getBytes()); // the first sidecar's socket was not touched
            }
        }
    }

    @Test
    void serveRefusesADbLockedByAProcessThatDoesNotServeIt() throws Exception {
        try (Jvm plain = Jvm.app("plain", temp, socketDir(), PlainLockHolderApp.class, dbDir().toString())) {
            plain.awaitLine("opened", START);
            try (Jvm sidecar = Jvm.sidecar(temp, socketDir(), "serve", dbDir().toString())) {
                assertEquals(1, sidecar.awaitExit(START));
                assertTrue(sidecar.output().contains("is locked by process " + plain.pid()
                        + ", which does not serve it"), sidecar.output());
            }
            try (Jvm status = status()) {
                assertEquals(1, status.awaitExit(START));
                assertTrue(status.output().contains("is locked by process " + plain.pid() + ", which does not serve it"),
                        status.output());
            }
        }
    }

    @Test
    void usageErrorsAreClear() throws Exception {
        Map<List<String>, String> cases = Map.of(
                List.of("serve"), "serve needs the DB directory",
                List.of("serve", temp.resolve("missing/parent/db").toString()), "parent directory",
                List.of("serve", dbDir().toString(), "--engine", "rocks"), "unknown engine 'rocks'",
                List.of("frobnicate"), "unknown command 'frobnicate'",
                List.of("serve", dbDir().toString(), "--tcp", "127.0.0.1:0"), "--tcp needs --token-file",
                List.of("serve", dbDir().toString(), "--hook-jar", temp.resolve("none.jar").toString()),
                "hook jar " + temp.resolve("none.jar") + " does not exist");
        for (Map.Entry<List<String>, String> c : cases.entrySet()) {
            List<String> cmd = new ArrayList<>(List.of(Jvm.javaBinary(), "-jar", Jvm.shimJar()));
            cmd.addAll(c.getKey());
            try (Jvm cli = Jvm.start("cli", temp, cmd)) {
                int code = cli.awaitExit(START);
                assertTrue(code == 1 || code == 2, c.getKey() + " exited " + code);
                assertTrue(cli.output().contains(c.getValue()), c.getKey() + ": " + cli.output());
            }
        }
    }

    private Path tokenFile(String name, String token) throws Exception {
        Path file = temp.resolve(name);
        Files.writeString(file, token + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    @Test
    void aTcpSidecarServesClientsWithTheTokenAndRefusesAWrongOneWithALoggedLine() throws Exception {
        Path token = tokenFile("token", "tcp-token-0123456789abcdef");
        try (Jvm sidecar = Jvm.sidecar(temp, socketDir(), "serve", dbDir().toString(), "--tcp", "127.0.0.1:0",
                "--token-file", token.toString())) {
            Matcher bound = Pattern.compile("and tcp /127\\.0\\.0\\.1:(\\d+)").matcher(
                    sidecar.awaitLine("and tcp /127.0.0.1:", START));
            assertTrue(bound.find());
            String address = "127.0.0.1:" + bound.group(1);
            try (RemoteDb db = RemoteDb.connectTcp(address, token)) {
                assertEquals(dbDir().getCanonicalPath(), db.server().dbPath);
                db.put("over".getBytes(), "tcp".getBytes());
                assertEquals("tcp", new String(db.get("over".getBytes())));
                assertTrue(db.status().clients.stream().anyMatch(c -> c.peer.startsWith("tcp peer /127.0.0.1:")));
            }
            Path wrong = tokenFile("wrong", "not-the-token-0123456789");
            LevelShareException refused = assertThrows(LevelShareException.class,
                    () -> RemoteDb.connectTcp(address, wrong));
            assertTrue(refused.getMessage().contains("wrong token"), refused.getMessage());
            assertFalse(refused.getMessage().contains(dbDir().getCanonicalPath()), refused.getMessage());
            assertTrue(sidecar.awaitLine("refused: wrong token", START).contains("tcp peer /127.0.0.1:"));
            try (RemoteDb local = connect()) {
                assertEquals("tcp", new String(local.get("over".getBytes())), "the Unix socket serves as before");
            }
            try (Jvm status = Jvm.shim("status-tcp", temp, socketDir(), "status", "--tcp", address, "--token-file",
                    token.toString())) {
                assertEquals(0, status.awaitExit(START), status.output());
                assertTrue(status.output().contains("levelshare leader serves " + dbDir().getCanonicalPath()),
                        status.output());
                assertTrue(status.output().contains("refused peers 1"), status.output());
            }
        }
    }

    /** A jar as a user would build one: the hook class and its ServiceLoader entry. */
    private Path hookJar() throws Exception {
        Path jar = temp.resolve("hooks.jar");
        String classFile = RejectPrefixHook.class.getName().replace('.', '/') + ".class";
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("META-INF/services/" + WriteHook.class.getName()));
            out.write((RejectPrefixHook.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
            out.putNextEntry(new JarEntry(classFile));
            out.write(Files.readAllBytes(Jvm.classes().resolve(classFile)));
        }
        return jar;
    }

    @Test
    void writeHooksFromAJarOnTheCommandLineRefuseWritesWithTheirMessage() throws Exception {
        try (Jvm sidecar = Jvm.sidecar(temp, socketDir(), "serve", dbDir().toString(), "--hook-jar",
                hookJar().toString())) {
            sidecar.awaitLine("write hooks " + RejectPrefixHook.class.getName(), START);
            try (RemoteDb client = connect()) {
                client.put("thawed/a".getBytes(), "1".getBytes());
                WriteRejectedException put = assertThrows(WriteRejectedException.class,
                        () -> client.put("frozen/a".getBytes(), "1".getBytes()));
                assertEquals("keys under frozen/ cannot change (frozen/a, client SidecarIT)", put.getMessage());
                try (WriteBatch batch = client.createWriteBatch()) {
                    batch.put("thawed/b".getBytes(), "2".getBytes());
                    batch.delete("frozen/c".getBytes());
                    assertThrows(WriteRejectedException.class, () -> client.write(batch));
                }
                assertEquals("1", new String(client.get("thawed/a".getBytes())));
                assertNull(client.get("frozen/a".getBytes()));
                assertNull(client.get("thawed/b".getBytes()), "nothing of a refused batch is applied");
            }
            assertTrue(sidecar.awaitLine("PUT #", START).contains("keys under frozen/ cannot change"),
                    "the refusal is logged with its reason");
        }
    }
}
