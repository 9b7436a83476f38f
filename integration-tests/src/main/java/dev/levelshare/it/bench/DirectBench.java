package dev.levelshare.it.bench;

import org.fusesource.leveldbjni.JniDBFactory;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.Options;

import java.io.File;

/** Child JVM: leveldbjni opened directly in this process. Args: dir threads. */
public final class DirectBench {
    public static void main(String[] args) throws Exception {
        try (DB db = JniDBFactory.factory.open(new File(args[0]), new Options().createIfMissing(true))) {
            Workload.load(db);
            Workload.standard("direct", db, Integer.parseInt(args[1]), ProcessHandle.current().pid());
        }
    }
}
