package dev.levelshare.it.bench;

import org.fusesource.leveldbjni.JniDBFactory;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.Options;

import java.io.File;

/**
 * Child JVM, with the agent: an app that opens the DB and then does nothing with it until stdin closes. As
 * {@code leader} it must be the first to open (it serves the DB, and loads the benchmark's 100k keys first); as
 * {@code follower} it must meet the leader's lock. Prints {@code ready} when it is. Args: dir leader|follower.
 */
public final class IdleApp {
    public static void main(String[] args) throws Exception {
        String role = args[1];
        try (DB db = JniDBFactory.factory.open(new File(args[0]), new Options().createIfMissing(true))) {
            if (!db.toString().contains("(" + role + ")")) {
                throw new IllegalStateException("expected to be " + role + ", got " + db);
            }
            if (role.equals("leader")) {
                Workload.load(db);
            }
            System.out.println("ready");
            System.out.flush();
            while (System.in.read() >= 0) {
                // idle until the orchestrator closes stdin
            }
        }
    }
}
