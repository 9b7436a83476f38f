package dev.levelshare.cli;

import dev.levelshare.LevelShareException;
import dev.levelshare.client.ClientOptions;
import dev.levelshare.client.RemoteDb;
import dev.levelshare.config.Settings;
import dev.levelshare.os.PosixLocks;
import dev.levelshare.os.UnservedLock;
import dev.levelshare.os.SocketPaths;
import dev.levelshare.party.DirectoryClaims;
import dev.levelshare.party.Party;
import dev.levelshare.party.PartySettings;
import org.fusesource.leveldbjni.JniDBFactory;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.Options;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The DB a tool works on, joined like an app with the agent joins it: through the leader's socket if a leader serves
 * it; opened by the tool itself (leveldbjni, as a leader others may join) while nobody holds it, and released when the
 * tool ends. A failover during the command is handled like any follower's. A process that holds the lock without
 * serving it is named, at once rather than after the failover deadline.
 */
final class LiveDb implements AutoCloseable {
    /** How long a lock holder that does not serve yet may take to start serving (a leader just opening). */
    private static final long SERVING_GRACE_MILLIS = 3_000;

    final DB db;
    final String canonicalPath;

    private LiveDb(DB db, String canonicalPath) {
        this.db = db;
        this.canonicalPath = canonicalPath;
    }

    /** @param create a writing command given {@code --create}: a missing DB is made */
    static LiveDb join(File dir, boolean create) throws ToolFailure {
        if (!dir.exists() && !create) {
            throw new ToolFailure("levelshare: no LevelDB at " + dir + ": the directory does not exist"
                    + " (a writing command makes one with --create)");
        }
        if (dir.exists() && !dir.isDirectory()) {
            throw new ToolFailure("levelshare: " + dir + " is not a directory");
        }
        if (dir.isDirectory() && !new File(dir, "CURRENT").isFile() && !create) {
            throw new ToolFailure("levelshare: " + dir + " is not a LevelDB (it has no CURRENT file)"
                    + " (a writing command makes one with --create)");
        }
        try {
            if (create && !dir.isDirectory() && !dir.mkdirs() && !dir.isDirectory()) {
                throw new ToolFailure("levelshare: cannot create " + dir);
            }
            String canonical = SocketPaths.canonicalPath(dir);
            Settings settings = Settings.fromSystem();
            refuseUnservedLock(canonical, SocketPaths.fromSettings(settings).socketFor(dir));
            PartySettings partySettings = PartySettings.from(settings).forOneCommand();
            Party party = new Party(partySettings, DirectoryClaims.ofThisClassLoader());
            DB db = party.open(dir, () -> JniDBFactory.factory.open(dir,
                    partySettings.writeBufferCap().applyTo(new Options().createIfMissing(create))));
            return new LiveDb(db, canonical);
        } catch (IOException | LevelShareException e) {
            throw new ToolFailure("levelshare: cannot open " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Fails naming the holder if some process holds the lock and, within a grace period, does not serve it. */
    private static void refuseUnservedLock(String canonical, Path socket) throws ToolFailure {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SERVING_GRACE_MILLIS);
        while (true) {
            OptionalLong holder = PosixLocks.holderOfDb(canonical);
            if (!holder.isPresent()) {
                return; // nobody holds it: the tool opens it (or races another opener, which the election settles)
            }
            try (RemoteDb probe = RemoteDb.connect(socket, canonical, ClientOptions.defaults()
                    .withConnectTimeoutMillis(1000).withRequestTimeoutMillis(5000).withClientName("probe"))) {
                return; // served
            } catch (LevelShareException e) {
                if (System.nanoTime() > deadline) {
                    throw new ToolFailure(UnservedLock.message(canonical, holder.getAsLong())
                            + "; stop it, or start it with the agent");
                }
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50)); // a leader just opening binds in a few ms
        }
    }

    @Override
    public void close() throws IOException {
        db.close();
    }
}
