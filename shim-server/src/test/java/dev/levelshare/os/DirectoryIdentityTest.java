package dev.levelshare.os;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

class DirectoryIdentityTest {
    @TempDir Path temp;

    @Test
    void aDirectoryKeepsItsIdAndOneMadeAgainAtTheSamePathGetsAnother() throws Exception {
        Path dir = Files.createDirectory(temp.resolve("db"));
        assertNull(DirectoryIdentity.read(dir), "no id until a levelshare process makes one");
        String id = DirectoryIdentity.readOrCreate(dir);
        assertNotNull(id);
        assertEquals(id, DirectoryIdentity.read(dir));
        assertEquals(id, DirectoryIdentity.readOrCreate(dir));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(DirectoryIdentity.FILE_NAME), files.map(f -> f.getFileName().toString())
                    .collect(Collectors.toList()), "only the id file, no draft left");
        }
        Files.delete(dir.resolve(DirectoryIdentity.FILE_NAME));
        Files.delete(dir);
        Files.createDirectory(dir);
        assertNotEquals(id, DirectoryIdentity.readOrCreate(dir));
    }

    @Test
    void noDirectoryHasNoId() {
        assertNull(DirectoryIdentity.read(temp.resolve("missing")));
        assertNull(DirectoryIdentity.readOrCreate(temp.resolve("missing")));
    }

    @Test
    void makersRacingForOneDirectoryAgreeOnOneId() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 50; round++) {
                Path dir = Files.createDirectory(temp.resolve("race-" + round));
                CountDownLatch go = new CountDownLatch(1);
                List<Future<String>> ids = IntStream.range(0, 8).mapToObj(i -> pool.submit(() -> {
                    go.await();
                    return DirectoryIdentity.readOrCreate(dir);
                })).collect(Collectors.toList());
                go.countDown();
                Set<String> seen = new HashSet<>();
                for (Future<String> id : ids) {
                    seen.add(id.get());
                }
                assertEquals(1, seen.size(), "round " + round + ": " + seen);
                assertEquals(seen.iterator().next(), DirectoryIdentity.read(dir));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aDirectoryThatCannotBeWrittenIsKnownByItsInode() throws Exception {
        Path dir = Files.createDirectory(temp.resolve("readonly"));
        dir.toFile().setWritable(false, false);
        try {
            assumeFalse(Files.isWritable(dir), "root writes into any directory: nothing to check as root");
            String id = DirectoryIdentity.readOrCreate(dir);
            assertTrue(id.startsWith("inode:"), id);
            assertEquals(id, DirectoryIdentity.read(dir));
        } finally {
            dir.toFile().setWritable(true, false);
        }
    }
}
