package dev.levelshare.party;

import dev.levelshare.os.CurrentProcess;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Everything that prepares this process for a promotion it may never see. Code that runs for the first time in a JVM is
 * slow (class loading, lambda linkage, a cold engine, Netty's first event loop), and a promotion would otherwise run
 * all of it while the other followers wait. So, once per JVM and in the background, a follower rehearses what a
 * promotion does ({@link ServerRehearsal}: serve, answer, close; {@link EngineRehearsal}: open, write, recover a
 * scratch DB), and a leader that never followed rehearses serving and closing (its first graceful hand-over would run
 * that code for the first time). BENCHMARKS.md (f) has what each saves.
 *
 * <p>The party makes one and the role of each directory calls it when it changes ({@code SharedDb}); nothing else
 * knows it exists. A process that lives for one command ({@link PartySettings#forOneCommand}) prepares nothing.
 */
final class PromotionWarmup {
    /** Prepares nothing. */
    static final PromotionWarmup NONE = new PromotionWarmup(null, null);
    private static final AtomicBoolean EXIT_WAIT_HOOKED = new AtomicBoolean();
    /** Bounds the exit's wait for a follower's native load, so that it never hangs an exit. */
    private static final long NATIVE_LOAD_WAIT_MILLIS = 1_000;

    private final PartySettings settings;
    private final Executor threads;

    private PromotionWarmup(PartySettings settings, Executor threads) {
        this.settings = settings;
        this.threads = threads;
    }

    /** The warm-up of a party with {@code settings}, run on {@code threads}. */
    static PromotionWarmup of(PartySettings settings, Executor threads) {
        return settings.livesForOneCommand() ? NONE : new PromotionWarmup(settings, threads);
    }

    /** This process now follows a directory that {@code opener} opens: it may be promoted at any moment. */
    void following(DbOpener opener) {
        if (settings != null && ServerRehearsal.inBackground(settings, opener, threads)) {
            awaitNativeLoadAtExit();
        }
    }

    /** This process now leads a directory it opened (not by a promotion): it may hand over at any moment. */
    void leading() {
        if (settings != null) {
            ServerRehearsal.servingInBackground(settings, threads);
        }
    }

    /**
     * A follower's rehearsal is where its JVM first loads Netty's native transport: Netty copies the library to
     * {@code java.io.tmpdir} and deletes the copy once loaded, and a JVM that ended in between left the copy behind. So
     * its exit waits (briefly) for that load; the rest of the rehearsal may be cut short (its scratch files are removed
     * by the next one).
     */
    private static void awaitNativeLoadAtExit() {
        if (EXIT_WAIT_HOOKED.compareAndSet(false, true)) {
            try {
                Runtime.getRuntime().addShutdownHook(new Thread(
                        () -> ServerRehearsal.awaitNativeLoad(NATIVE_LOAD_WAIT_MILLIS),
                        "levelshare-exit-" + CurrentProcess.pid()));
            } catch (IllegalStateException e) {
                // the JVM is exiting already
            }
        }
    }
}
