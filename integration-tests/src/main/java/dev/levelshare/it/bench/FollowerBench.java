package dev.levelshare.it.bench;

import org.fusesource.leveldbjni.JniDBFactory;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.Options;

import java.io.File;

/**
 * Child JVM, started with the agent while an {@link IdleApp} leader (also with the agent) holds the DB: an unmodified app
 * whose {@code open} meets the lock and follows, so every call goes over the leader's socket, exactly as users get it.
 * Args: dir threads leaderPid. The CPU reported per operation is this process's plus the leader's.
 */
public final class FollowerBench {
    public static void main(String[] args) throws Exception {
        long leaderPid = Long.parseLong(args[2]);
        try (DB db = JniDBFactory.factory.open(new File(args[0]), new Options())) {
            if (!db.toString().contains("follower")) {
                throw new IllegalStateException("expected to follow, got " + db);
            }
            Workload.standard("follower", db, Integer.parseInt(args[1]), ProcessHandle.current().pid(), leaderPid);
        }
    }
}
