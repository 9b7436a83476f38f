package dev.levelshare.party;

import dev.levelshare.engine.LocalEngine;
import dev.levelshare.protocol.Hello;

import java.io.IOException;

/**
 * A follower's comparator against its leader's. LevelDB keeps the comparator's name in the DB and refuses an open
 * with another; a follower reading in another order than it asked for would get wrong answers silently (a scan that
 * stops early, a seek that lands elsewhere), so it is refused at {@code open} with the error its own engine gives.
 */
final class ComparatorCheck {
    private ComparatorCheck() {}

    /**
     * Throws what the app's engine throws for an open with another comparator than the DB's, if {@code mine} is not
     * the leader's order; the leader's order unknown (a stand-in) is accepted.
     *
     * @param iq80Style the app's engine is iq80 ({@code IllegalArgumentException}), else leveldbjni's
     *     ({@code IOException} with LevelDB's message)
     */
    static void requireSameOrder(String canonicalPath, LocalEngine.KeyOrder mine, Hello.ServerHello leader,
                                 boolean iq80Style) throws IOException {
        String existing = leader.comparator;
        String requested = mine.comparatorName();
        if (existing.isEmpty() || requested == null || existing.equals(requested)) {
            return;
        }
        String why = " (levelshare: the leader of " + canonicalPath + ", pid " + leader.pid
                + ", orders the DB with " + existing + "; open it with the same comparator)";
        if (iq80Style) {
            throw new IllegalArgumentException("Expected user comparator " + requested
                    + " to match existing database comparator  [" + existing + "]" + why);
        }
        throw new IOException("Invalid argument: " + existing + " does not match existing comparator : " + requested
                + why);
    }
}
