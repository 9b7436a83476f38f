package dev.levelshare.it.plainapps;

import org.iq80.leveldb.DBComparator;

import java.util.Arrays;

/** An app's own key order: bytewise, reversed (as apps that want the newest entry first do). */
public final class ReverseComparator implements DBComparator {
    @Override
    public String name() {
        return "levelshare-it.Reverse";
    }

    @Override
    public int compare(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(b, a);
    }

    @Override
    public byte[] findShortestSeparator(byte[] start, byte[] limit) {
        return start; // always a valid separator: LevelDB only needs start <= result < limit
    }

    @Override
    public byte[] findShortSuccessor(byte[] key) {
        return key;
    }
}
