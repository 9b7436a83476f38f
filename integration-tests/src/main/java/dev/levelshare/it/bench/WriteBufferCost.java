package dev.levelshare.it.bench;

import org.fusesource.leveldbjni.JniDBFactory;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.Options;
import org.iq80.leveldb.WriteBatch;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * What levelshare's write buffer cap (maxWriteBufferMb, 1 MB) costs writes, measured on direct leveldbjni without
 * levelshare: 200k puts of 16 B random keys and 100 B values into a new DB, one at a time and in batches of 100, with
 * leveldbjni's default 4 MB buffer and with 1 MB; alternating, 3 rounds each, medians.
 */
final class WriteBufferCost {
    private static final int KEYS = 200_000;
    private static final int ROUNDS = 3;

    private WriteBufferCost() {}

    static Map<String, Double> measure(Path work) throws IOException {
        Map<String, double[]> runs = new LinkedHashMap<>();
        for (int round = 0; round < ROUNDS; round++) {
            for (int mb : new int[] {4, 1}) {
                for (boolean batched : new boolean[] {false, true}) {
                    String name = "writebuffer." + mb + "mb." + (batched ? "batch100" : "sequential") + ".ops_per_s";
                    runs.computeIfAbsent(name, n -> new double[ROUNDS])[round] =
                            putsPerSecond(work.resolve("wb-" + mb + "-" + batched + "-" + round).toFile(), mb, batched);
                }
            }
        }
        Map<String, Double> results = new LinkedHashMap<>();
        runs.forEach((name, values) -> {
            Arrays.sort(values);
            results.put(name, values[ROUNDS / 2]);
            System.err.printf("[bench]   %s = %.0f%n", name, values[ROUNDS / 2]);
        });
        return results;
    }

    private static double putsPerSecond(File dir, int bufferMb, boolean batched) throws IOException {
        Random random = new Random(7);
        byte[] value = new byte[100];
        random.nextBytes(value);
        long start;
        long elapsed;
        try (DB db = JniDBFactory.factory.open(dir, new Options().createIfMissing(true)
                .writeBufferSize(bufferMb * 1024 * 1024))) {
            start = System.nanoTime();
            WriteBatch batch = batched ? db.createWriteBatch() : null;
            for (int i = 0; i < KEYS; i++) {
                byte[] key = ByteBuffer.allocate(16).putLong(random.nextLong()).putLong(i).array();
                if (batch == null) {
                    db.put(key, value);
                } else {
                    batch.put(key, value);
                    if (i % 100 == 99) {
                        db.write(batch);
                        batch.close();
                        batch = db.createWriteBatch();
                    }
                }
            }
            if (batch != null) {
                batch.close();
            }
            elapsed = System.nanoTime() - start;
        }
        JniDBFactory.factory.destroy(dir, new Options());
        Files.deleteIfExists(dir.toPath());
        return KEYS / (elapsed / 1e9);
    }
}
