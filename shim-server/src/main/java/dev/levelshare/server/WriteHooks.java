package dev.levelshare.server;

import dev.levelshare.WriteRejectedException;
import dev.levelshare.hooks.PendingWrite;
import dev.levelshare.hooks.Update;
import dev.levelshare.hooks.WriteHook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collections;
import java.util.List;

/**
 * The server's write hooks, run in order before a client's write is applied. A hook that refuses
 * ({@link WriteRejectedException}) stops the write with its message; a hook that fails in any other way also stops it
 * (fail closed), logged with the hook's name, and the client is told the write was refused because a hook failed.
 */
final class WriteHooks {
    private static final Logger log = LoggerFactory.getLogger(WriteHooks.class);

    private final List<WriteHook> hooks;
    private final String dbPath;

    WriteHooks(List<WriteHook> hooks, String dbPath) {
        this.hooks = hooks;
        this.dbPath = dbPath;
    }

    boolean isEmpty() {
        return hooks.isEmpty();
    }

    void check(ServedConnection connection, Update update) {
        check(connection, Collections.singletonList(update));
    }

    void check(ServedConnection connection, List<Update> updates) {
        PendingWrite write = new PendingWrite(dbPath, updates, connection.pid(), connection.peerUid, connection.name());
        for (WriteHook hook : hooks) {
            try {
                hook.beforeWrite(write);
            } catch (WriteRejectedException e) {
                throw e;
            } catch (RuntimeException | LinkageError e) {
                log.warn("write hook {} failed; refusing the write of {}: {}", hook.getClass().getName(),
                        connection.describePeer(), e.toString());
                throw new WriteRejectedException("levelshare: write refused: hook " + hook.getClass().getName()
                        + " failed (" + e + ")");
            }
        }
    }
}
