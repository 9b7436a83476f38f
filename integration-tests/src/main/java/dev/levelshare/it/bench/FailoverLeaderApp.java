package dev.levelshare.it.bench;

import org.fusesource.leveldbjni.JniDBFactory;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.Options;
import org.iq80.leveldb.WriteBatch;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Child JVM, with the agent, the first to open the DB (so it leads), as an app with a real log: it writes the
 * benchmark's 100k keys of 100 bytes (LevelDB keeps the last write buffer's worth of them in its log), prints
 * {@code loaded <log bytes>}, and serves until it is killed, or until stdin says {@code close}: then it prints
 * {@code closing <epoch µs>} and closes the DB as an app would (a graceful hand-over); or {@code exit}: it prints
 * {@code exiting <epoch µs>} and exits without closing the DB, as most apps do. Args: dir.
 */
public final class FailoverLeaderApp {
    public static void main(String[] args) throws Exception {
        File dir = new File(args[0]);
        DB db = JniDBFactory.factory.open(dir, new Options().createIfMissing(true));
        if (!db.toString().contains("(leader)")) {
            throw new IllegalStateException("expected to lead, got " + db);
        }
        for (int start = 0; start < Workload.KEYS; start += 1000) {
            try (WriteBatch batch = db.createWriteBatch()) {
                for (int i = start; i < start + 1000; i++) {
                    batch.put(Workload.key(i), Workload.value(i));
                }
                db.write(batch);
            }
        }
        System.out.println("loaded " + logBytes(dir.toPath()));
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.equals("close")) {
                System.out.println("closing " + AckWriterApp.epochMicros());
                System.out.flush();
                db.close();
                System.out.println("closed " + AckWriterApp.epochMicros());
                return;
            }
            if (line.equals("exit")) {
                System.out.println("exiting " + AckWriterApp.epochMicros());
                System.out.flush();
                System.exit(0); // as most apps end: the DB never closed
            }
        }
    }

    static long logBytes(Path dir) throws Exception {
        long total = 0;
        try (DirectoryStream<Path> logs = Files.newDirectoryStream(dir, "*.log")) {
            for (Path log : logs) {
                try {
                    total += Files.size(log);
                } catch (java.nio.file.NoSuchFileException e) {
                    // a log the engine just retired after a memtable flush: no longer part of what it would recover
                }
            }
        }
        return total;
    }
}
