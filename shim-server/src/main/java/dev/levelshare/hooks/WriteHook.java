package dev.levelshare.hooks;

/**
 * Runs in the serving process before every put, delete and batch a client sends, and may refuse it by throwing
 * {@link dev.levelshare.WriteRejectedException}: the client sees that exception with the hook's message, and nothing of
 * the write is applied. Any other exception also refuses the write (a broken hook fails closed) and is logged.
 *
 * <p>Hooks are found with {@link java.util.ServiceLoader}: list the implementation in
 * {@code META-INF/services/dev.levelshare.hooks.WriteHook} of a jar and name the jar on the sidecar's command line
 * ({@code serve <dir> --hook-jar my-hooks.jar}). Each hook needs a public no-argument constructor.
 *
 * <p>Hooks run on the server's I/O threads, one write at a time per connection and concurrently across connections:
 * keep them fast and thread-safe, and never block in them.
 */
public interface WriteHook {
    void beforeWrite(PendingWrite write);
}
