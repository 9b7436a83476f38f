package dev.levelshare.it.bench;

import org.fusesource.leveldbjni.JniDBFactory;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.Options;

import java.io.File;

/**
 * Child JVM: leveldbjni opened directly in this process. Args: {@code dir threads} for the standard set (leveldbjni's
 * default write buffer), or {@code dir threads writeBufferBytes} for the write measures alone with that write buffer
 * (the one a leader's engine gets under levelshare's cap), reported as {@code direct_capped}.
 */
public final class DirectBench {
    public static void main(String[] args) throws Exception {
        Options options = new Options().createIfMissing(true);
        boolean capped = args.length > 2;
        if (capped) {
            options.writeBufferSize(Integer.parseInt(args[2]));
        }
        try (DB db = JniDBFactory.factory.open(new File(args[0]), options)) {
            Workload.load(db);
            long pid = ProcessHandle.current().pid();
            if (capped) {
                Workload.writes("direct_capped", db, pid);
            } else {
                Workload.standard("direct", db, Integer.parseInt(args[1]), pid);
            }
        }
    }
}
