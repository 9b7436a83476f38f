package dev.levelshare.management;

/**
 * What JConsole (or any JMX client) shows for each directory this process shares, under
 * {@code dev.levelshare:type=SharedDb,dir="<canonical path>"}.
 */
public interface SharedDbMXBean {
    /** The canonical DB directory. */
    String getDirectory();

    /** "leader" (this process holds the DB and serves it), "follower", "sidecar" (a leader that only serves), "closed". */
    String getRole();

    /** The pid of the process holding the DB now (this one while leading). */
    long getLeaderPid();

    /** DB calls the app made through levelshare handles (iterators count once, when opened). */
    long getCalls();

    /**
     * Calls that failed on their way to a leader (an error from the leader, a leader lost with retry=false, no new
     * leader within the deadline). While this process leads, its calls go straight to the engine and are not counted.
     */
    long getFailedCalls();

    /** Times this process saw its leader go away and took part in electing the next (promoted or following again). */
    long getReconnects();

    /** Requests sent to the leader and not yet answered (0 while leading). */
    int getInFlightRequests();

    /** While leading: requests served to other processes since this process became leader; else 0. */
    long getServedRequests();

    /** While leading: processes connected to this one; else 0. */
    int getConnectedClients();

    /** While leading: peers turned away (wrong uid); else 0. */
    long getRefusedPeers();
}
