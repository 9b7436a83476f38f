package dev.levelshare.party;

import dev.levelshare.LeaderLostException;
import org.iq80.leveldb.DBIterator;
import org.iq80.leveldb.ReadOptions;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Supplier;

/**
 * A follower's iterator that survives its leader. It remembers where the app stands: the last positioning call, or the
 * key of the last entry it returned and in which direction. When the leader goes away, it opens an iterator on the
 * next leader (remote, or this process's engine after a promotion) and puts it strictly after that entry, in the DB's
 * key order: read-ahead received but not yet returned is dropped with the old iterator, never replayed.
 *
 * <p>The cursor model is the engines': {@code next()} returns the entry at the cursor and moves forward; {@code prev()}
 * returns the entry before it and moves back, leaving the cursor on the returned entry.
 */
final class ResumableIterator implements DBIterator {
    /** Where the app stands, in terms that survive a new iterator on other data. */
    private enum Anchor { NONE, SEEK, FIRST, LAST, AFTER_NEXT, AFTER_PREV }

    private final SharedDb shared;
    private final ReadOptions options;
    private Role role;
    private DBIterator it;
    private boolean stale = true; // no iterator yet, or its leader went away: open one before the next call
    private Anchor anchor = Anchor.NONE;
    private byte[] anchorKey;
    /**
     * After resuming backwards with nothing left at or after the anchor: {@code it} is on the last entry, which the
     * next {@code prev()} returns (a reverse scan's cursor past the end, which the engines cannot express).
     */
    private boolean lastPendingForPrev;

    ResumableIterator(SharedDb shared, Role role, ReadOptions options) {
        this.shared = shared;
        this.role = role;
        this.options = options;
        run(() -> null);
    }

    private <T> T run(Supplier<T> call) {
        while (true) {
            try {
                if (stale) {
                    resume();
                }
                return call.get();
            } catch (LeaderLostException lost) {
                stale = true;
                shared.retryOrThrow(lost, options.snapshot() != null, "this iterator call",
                        ". The iterator resumes after its last returned entry on the next call");
            }
        }
    }

    /** A new iterator on the current leader, placed where the app stands. */
    private void resume() {
        if (it != null) {
            closeQuietly(it);
            it = null;
        }
        if (!role.isUsable()) {
            role = shared.recover();
        }
        it = role.db().iterator(options); // the leader's, or this process's own engine after a promotion
        lastPendingForPrev = false;
        switch (anchor) {
            case SEEK: it.seek(anchorKey); break;
            case FIRST: it.seekToFirst(); break;
            case LAST: it.seekToLast(); break;
            case AFTER_NEXT:
                it.seek(anchorKey);
                if (it.hasNext() && Arrays.equals(it.peekNext().getKey(), anchorKey)) {
                    it.next();
                }
                break;
            case AFTER_PREV:
                it.seek(anchorKey); // the cursor on the anchor (or the first key after it): prev() returns what is before
                if (!it.hasNext()) {
                    it.seekToLast();
                    lastPendingForPrev = it.hasNext();
                }
                break;
            default:
                break;
        }
        stale = false;
    }

    private void positioned(Anchor how, byte[] key) {
        anchor = how;
        anchorKey = key;
        lastPendingForPrev = false;
    }

    /** A seek of any kind: run on the current iterator, then remembered as where the app stands. */
    private void seekWith(java.util.function.Consumer<DBIterator> seek, Anchor how, byte[] key) {
        run(() -> {
            lastPendingForPrev = false;
            seek.accept(it);
            return null;
        });
        positioned(how, key);
    }

    @Override
    public void seek(byte[] key) {
        seekWith(i -> i.seek(key), Anchor.SEEK, key);
    }

    @Override
    public void seekToFirst() {
        seekWith(DBIterator::seekToFirst, Anchor.FIRST, null);
    }

    @Override
    public void seekToLast() {
        seekWith(DBIterator::seekToLast, Anchor.LAST, null);
    }

    @Override
    public boolean hasNext() {
        return run(() -> !lastPendingForPrev && it.hasNext());
    }

    @Override
    public Map.Entry<byte[], byte[]> peekNext() {
        Map.Entry<byte[], byte[]> entry = run(() -> {
            if (lastPendingForPrev) {
                throw new NoSuchElementException();
            }
            return it.peekNext();
        });
        if (anchor == Anchor.FIRST || anchor == Anchor.LAST || anchor == Anchor.SEEK) {
            // The app has seen which entry the cursor is on: resume there, not at a first or last that moved since.
            positioned(Anchor.SEEK, entry.getKey());
        }
        return entry;
    }

    @Override
    public Map.Entry<byte[], byte[]> next() {
        Map.Entry<byte[], byte[]> entry = run(() -> {
            if (lastPendingForPrev) {
                throw new NoSuchElementException();
            }
            return it.next();
        });
        positioned(Anchor.AFTER_NEXT, entry.getKey());
        return entry;
    }

    @Override
    public boolean hasPrev() {
        return run(() -> lastPendingForPrev ? it.hasNext() : it.hasPrev());
    }

    @Override
    public Map.Entry<byte[], byte[]> peekPrev() {
        return run(() -> {
            if (lastPendingForPrev) {
                return it.peekNext();
            }
            return it.peekPrev();
        });
    }

    @Override
    public Map.Entry<byte[], byte[]> prev() {
        Map.Entry<byte[], byte[]> entry = run(() -> {
            if (lastPendingForPrev) {
                Map.Entry<byte[], byte[]> last = it.peekNext(); // the cursor stays on it, as after a prev()
                lastPendingForPrev = false;
                return last;
            }
            return it.prev();
        });
        positioned(Anchor.AFTER_PREV, entry.getKey());
        return entry;
    }

    @Override
    public void remove() {
        run(() -> {
            it.remove();
            return null;
        });
    }

    @Override
    public void close() {
        if (it != null) {
            closeQuietly(it);
        }
    }

    private static void closeQuietly(DBIterator iterator) {
        try {
            iterator.close();
        } catch (IOException | RuntimeException e) {
            // The leader that held it is gone, or it was closed already: nothing left to free.
        }
    }
}
