package dev.levelshare.it.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * What one durable small write costs on the DB's disk, without LevelDB: a new 20 KB file written and fsynced. A
 * recovering open pays at least two of them (the recovered table, the new MANIFEST), so this bounds how fast a
 * promotion can be on this machine.
 */
final class FsyncFloor {
    private static final int ROUNDS = 21;

    private FsyncFloor() {}

    static double p50Millis(Path dir) throws IOException {
        Files.createDirectories(dir);
        long[] nanos = new long[ROUNDS];
        ByteBuffer data = ByteBuffer.allocate(20 * 1024);
        for (int i = 0; i < ROUNDS; i++) {
            Path file = dir.resolve("fsync-" + i);
            long start = System.nanoTime();
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                data.clear();
                while (data.hasRemaining()) {
                    channel.write(data);
                }
                channel.force(true);
            }
            nanos[i] = System.nanoTime() - start;
            Files.delete(file);
        }
        Arrays.sort(nanos);
        return nanos[ROUNDS / 2] / 1e6;
    }
}
