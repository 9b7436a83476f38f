package dev.levelshare.cli;

import org.iq80.leveldb.DBIterator;
import org.iq80.leveldb.ReadOptions;
import org.iq80.leveldb.Snapshot;
import org.iq80.leveldb.WriteBatch;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * {@code dump}: every entry, from one snapshot, as JSON lines; {@code load}: such a file written back in batches.
 * A load reads its whole input before it writes anything, so a malformed line (named with its number) costs nothing.
 */
final class DumpTools {
    /** Entries per write batch, and the most bytes one batch carries. */
    private static final int BATCH_ENTRIES = 1000;
    private static final long BATCH_BYTES = 1 << 20;

    private DumpTools() {}

    static Tools.Work dump(String outFile, PrintStream out, PrintStream err) {
        return live -> {
            Path target = outFile == null ? null : Paths.get(outFile);
            Path partial = target == null ? null : target.resolveSibling(target.getFileName() + ".partial");
            OutputStream sink = target == null ? out : Files.newOutputStream(partial);
            Progress progress = Progress.onStderr(err, "dumped");
            long dumped = 0;
            boolean complete = false;
            try (Snapshot snapshot = live.db.getSnapshot()) {
                Writer lines = new BufferedWriter(new OutputStreamWriter(sink, StandardCharsets.UTF_8), 1 << 16);
                try (DBIterator it = live.db.iterator(new ReadOptions().snapshot(snapshot).fillCache(false))) {
                    for (it.seekToFirst(); it.hasNext(); ) {
                        Map.Entry<byte[], byte[]> entry = it.next();
                        lines.write(DumpLine.format(entry.getKey(), entry.getValue()));
                        lines.write('\n');
                        progress.update(++dumped);
                    }
                }
                lines.flush();
                complete = true;
            } finally {
                progress.done();
                if (target != null) {
                    sink.close();
                    if (complete) {
                        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    } else {
                        Files.deleteIfExists(partial); // a dump cut short (its snapshot died with a leader) is no dump
                    }
                }
            }
            if (target != null) {
                err.println("dumped " + dumped + " entries to " + target);
            }
            return Main.OK;
        };
    }

    /** Checks the whole input first (a UsageException, exit 2, names a malformed line); then the work writes it. */
    static Tools.Work load(String inFile, PrintStream out, PrintStream err) {
        Path input = inFile == null ? spoolStdin() : Paths.get(inFile);
        String source = inFile == null ? "stdin" : inFile;
        long entries = check(input, source);
        return live -> {
            Progress progress = Progress.onStderr(err, "loaded");
            long written = 0;
            try (BufferedReader reader = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
                WriteBatch batch = live.db.createWriteBatch();
                int inBatch = 0;
                long batchBytes = 0;
                long lineNumber = 0;
                String line;
                while ((line = reader.readLine()) != null) {
                    lineNumber++;
                    if (line.isBlank()) {
                        continue;
                    }
                    DumpLine entry = DumpLine.parse(line, lineNumber, source);
                    batch.put(entry.key, entry.value);
                    inBatch++;
                    batchBytes += entry.key.length + entry.value.length;
                    if (inBatch == BATCH_ENTRIES || batchBytes >= BATCH_BYTES) {
                        live.db.write(batch);
                        batch.close();
                        written += inBatch;
                        progress.update(written);
                        batch = live.db.createWriteBatch();
                        inBatch = 0;
                        batchBytes = 0;
                    }
                }
                if (inBatch > 0) {
                    live.db.write(batch);
                    written += inBatch;
                }
                batch.close();
            } finally {
                progress.done();
                if (inFile == null) {
                    Files.deleteIfExists(input);
                }
            }
            if (written != entries) {
                throw new ToolFailure("levelshare: load: " + source + " changed while it was loaded (" + entries
                        + " entries checked, " + written + " written)");
            }
            out.println(written);
            out.flush();
            return Main.OK;
        };
    }

    /** The number of entries in {@code input}, every line checked. */
    private static long check(Path input, String source) {
        long entries = 0;
        long lineNumber = 0;
        try (BufferedReader reader = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (!line.isBlank()) {
                    DumpLine.parse(line, lineNumber, source);
                    entries++;
                }
            }
        } catch (IOException e) {
            throw new UsageException("load: cannot read " + source + ": " + e.getMessage());
        }
        return entries;
    }

    /** Stdin copied to a temporary file, so that it can be checked whole before anything is written. */
    private static Path spoolStdin() {
        try {
            Path spool = Files.createTempFile("levelshare-load-", ".jsonl");
            try (InputStream in = System.in) {
                Files.copy(in, spool, StandardCopyOption.REPLACE_EXISTING);
            }
            return spool;
        } catch (IOException e) {
            throw new UsageException("load: cannot read stdin: " + e.getMessage());
        }
    }
}
