package dev.levelshare.party;

import dev.levelshare.os.DirectoryIdentity;
import dev.levelshare.os.SocketPaths;
import org.iq80.leveldb.DB;

import java.io.File;
import java.io.IOException;
import java.nio.file.Paths;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opens shared DB directories for one class loader's {@code org.iq80.leveldb} API: the first open of a directory in
 * this process elects (lead or follow, see {@link Election}); later opens of the same directory get another handle to
 * the same shared DB and never reach the engine.
 *
 * <pre>{@code
 * Party party = new Party(PartySettings.from(Settings.fromSystem()), DirectoryClaims.ofThisClassLoader());
 * DB db = party.open(dir, () -> JniDBFactory.factory.open(dir, options));
 * }</pre>
 */
public final class Party {
    private final PartySettings settings;
    private final Election election;
    private final PromotionWarmup warmup;
    private final PathLocks pathLocks = new PathLocks();
    private final Map<String, SharedDb> open = new ConcurrentHashMap<>();

    public Party(PartySettings settings, DirectoryClaims claims) {
        this.settings = settings;
        this.election = new Election(settings, claims, this);
        this.warmup = PromotionWarmup.of(settings, FailoverThreads.INSTANCE);
    }

    /**
     * A handle to {@code dir}: {@code opener} is called only if this process does not have it open yet. Throws what
     * {@code opener} threw for anything but another process's lock.
     */
    public DB open(File dir, DbOpener opener) throws IOException {
        String canonical = SocketPaths.canonicalPath(dir);
        try (PathLocks.Held held = pathLocks.lock(canonical)) {
            SharedDb shared = open.get(canonical);
            if (shared != null && !shared.directoryId().equals(DirectoryIdentity.read(Paths.get(canonical)))) {
                // The directory it opened was deleted (and maybe made again): its handles keep what they have, as an
                // engine's handles of a deleted directory do, and this open is a fresh one of whatever is there now.
                open.remove(canonical, shared);
                shared = null;
            }
            if (shared == null) {
                shared = SharedDb.open(canonical, opener, election, warmup, settings, FailoverThreads.INSTANCE);
                open.put(canonical, shared);
            }
            shared.retain();
            return new DbHandle(shared, this);
        }
    }

    /** Where this party's sockets live. */
    dev.levelshare.os.SocketPaths socketPaths() {
        return settings.socketPaths();
    }

    /** How this party's opens cap the engine's write buffer (the {@code maxWriteBufferMb} setting). */
    public WriteBufferCap writeBufferCap() {
        return settings.writeBufferCap();
    }

    /** True if this process leads {@code dir} (holds the real DB); for tests and status. */
    public boolean leads(File dir) throws IOException {
        SharedDb shared = open.get(SocketPaths.canonicalPath(dir));
        return shared != null && shared.role().isLeader();
    }

    void release(SharedDb shared) throws IOException {
        try (PathLocks.Held held = pathLocks.lock(shared.canonicalPath)) {
            if (shared.releaseIsLast()) {
                open.remove(shared.canonicalPath, shared);
                shared.close();
            }
        }
    }

    /** What this party keeps per directory: an entry per open one and per one being opened or closed right now. */
    int directoryEntries() {
        return open.size() + pathLocks.size();
    }
}
