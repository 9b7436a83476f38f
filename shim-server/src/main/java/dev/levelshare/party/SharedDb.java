package dev.levelshare.party;

import org.iq80.leveldb.DB;

/**
 * One directory this process has open, however many handles the app holds on it. The role underneath may change
 * (a follower promoted to leader); the handles keep pointing here.
 */
final class SharedDb {
    final String canonicalPath;
    private volatile Role role;
    private int handles; // guarded by the party's lock for this path

    SharedDb(String canonicalPath, Role role) {
        this.canonicalPath = canonicalPath;
        this.role = role;
    }

    DB db() {
        return role.db();
    }

    Role role() {
        return role;
    }

    void retain() {
        handles++;
    }

    /** True when the last handle is gone. */
    boolean releaseIsLast() {
        return --handles == 0;
    }
}
