package dev.levelshare.party;

import dev.levelshare.config.Settings;
import dev.levelshare.os.SocketPaths;
import dev.levelshare.testing.CapturedStderr;
import dev.levelshare.testing.SmallDisk;
import org.fusesource.leveldbjni.JniDBFactory;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.levelshare.testing.Bytes.b;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine's open writes (log recovery, a new manifest): it is never started on a disk without room for that. */
class FullDiskElectionTest {
    private static final long MB = 1024 * 1024;

    @TempDir
    Path temp;

    private PartySettings settings() throws IOException {
        return PartySettings.from(Settings.fromSystem())
                .withSocketPaths(new SocketPaths(Files.createDirectories(temp.resolve("s"))))
                .withFailoverDeadlineMillis(20_000).withMinFreeDiskBytes(32 * MB);
    }

    @Test
    void aFollowerTakesOverOnlyOnceTheDiskHasRoomToRecover() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(SmallDisk.Kind.TMPFS, temp.resolve("mnt"), 96);
             CapturedStderr log = new CapturedStderr()) {
            File dir = disk.root().resolve("db").toFile();
            PartySettings settings = settings();
            DirectoryClaims claims = new DirectoryClaims(new ConcurrentHashMap<>());
            AtomicInteger followerOpens = new AtomicInteger();
            DB leader = new Party(settings, claims).open(dir,
                    () -> JniDBFactory.factory.open(dir, new Options().createIfMissing(true)));
            leader.put(b("k"), b("v"));
            DB follower = new Party(settings, claims).open(dir, () -> {
                followerOpens.incrementAndGet();
                return JniDBFactory.factory.open(dir, new Options());
            });
            assertEquals(0, followerOpens.get());

            Path other = disk.fillUntilFree("other-program", 8 * MB); // less than half the 32 MB reserve
            leader.close();
            CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> follower.get(b("k")));
            log.awaitLine("cannot take over " + dir.getCanonicalPath() + " yet", Duration.ofSeconds(10));
            assertEquals(0, followerOpens.get(), "no open (no recovery) on a disk without room for it");
            assertFalse(read.isDone());

            Files.delete(other);
            assertArrayEquals(b("v"), read.get(10, TimeUnit.SECONDS));
            assertEquals(1, followerOpens.get());
            assertTrue(follower.toString().endsWith("(leader)"), follower.toString());
            follower.close();
        }
    }

    @Test
    void anOpenOnADiskWithoutRoomFailsAtOnceWithAClearError() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(SmallDisk.Kind.TMPFS, temp.resolve("mnt"), 64)) {
            File dir = disk.root().resolve("db").toFile();
            disk.fillUntilFree("other-program", 8 * MB);
            AtomicInteger opens = new AtomicInteger();
            IOException e = assertThrows(IOException.class, () -> new Party(settings(),
                    new DirectoryClaims(new ConcurrentHashMap<>())).open(dir, () -> {
                        opens.incrementAndGet();
                        return JniDBFactory.factory.open(dir, new Options().createIfMissing(true));
                    }));
            assertTrue(e.getMessage().contains("not opening " + dir) && e.getMessage().contains("MB free")
                    && e.getMessage().contains("minFreeDiskMb"), e.getMessage());
            assertEquals(0, opens.get());
        }
    }
}
