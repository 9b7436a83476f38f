package dev.levelshare.cli;

import org.iq80.leveldb.DBIterator;
import org.iq80.leveldb.ReadOptions;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** {@code scan} (one entry per line, {@code KEY<TAB>VALUE}) and {@code count}. */
final class ScanTools {
    private ScanTools() {}

    static Tools.Work scan(ToolArgs args, KeyRange range, PrintStream out, PrintStream err) {
        long limit = args.positiveLong("--limit", Long.MAX_VALUE);
        boolean reverse = args.has("--reverse");
        boolean keysOnly = args.has("--keys-only");
        ByteEncoding encoding = args.encoding;
        return live -> {
            BufferedWriter lines = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            long[] printed = {0};
            try (DBIterator it = live.db.iterator(new ReadOptions().fillCache(false))) {
                if (limit > 0) {
                    range.visit(it, reverse, entry -> {
                        try {
                            lines.write(encoding.encode(entry.getKey()));
                            if (!keysOnly) {
                                lines.write('\t');
                                lines.write(encoding.encode(entry.getValue()));
                            }
                            lines.write('\n');
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                        return ++printed[0] < limit;
                    });
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            } finally {
                lines.flush();
            }
            return Main.OK;
        };
    }

    static Tools.Work count(KeyRange range, PrintStream out, PrintStream err) {
        return live -> {
            Progress progress = Progress.onStderr(err, "counted");
            long[] counted = {0};
            try (DBIterator it = live.db.iterator(new ReadOptions().fillCache(false))) {
                range.visit(it, false, entry -> {
                    progress.update(++counted[0]);
                    return true;
                });
            } finally {
                progress.done();
            }
            out.println(counted[0]);
            out.flush();
            return Main.OK;
        };
    }
}
