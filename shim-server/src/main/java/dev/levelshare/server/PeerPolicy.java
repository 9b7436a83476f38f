package dev.levelshare.server;

import dev.levelshare.os.CurrentProcess;
import dev.levelshare.os.UnixGroups;

import java.util.Collection;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who may use a DB served over a Unix socket, judged by the peer credentials the kernel attaches to the connection
 * (SO_PEERCRED, which a peer cannot forge): the serving user always; other users only if their uid is listed, or one of
 * their groups (primary, or supplementary as /proc shows them) is. Immutable.
 */
public final class PeerPolicy {
    private final int servingUid;
    private final Set<Integer> uids;
    private final Set<Integer> gids;

    private PeerPolicy(int servingUid, Set<Integer> uids, Set<Integer> gids) {
        this.servingUid = servingUid;
        this.uids = Collections.unmodifiableSet(uids);
        this.gids = Collections.unmodifiableSet(gids);
    }

    /** The default: only processes of the user this process runs as. */
    public static PeerPolicy sameUserOnly() {
        return new PeerPolicy(CurrentProcess.uid(), new TreeSet<>(), new TreeSet<>());
    }

    public PeerPolicy allowingUids(Collection<Integer> more) {
        Set<Integer> u = new TreeSet<>(uids);
        u.addAll(more);
        return new PeerPolicy(servingUid, u, gids);
    }

    public PeerPolicy allowingGroups(Collection<Integer> more) {
        Set<Integer> g = new TreeSet<>(gids);
        g.addAll(more);
        return new PeerPolicy(servingUid, uids, g);
    }

    /** Parses comma-separated lists as the settings give them: uids by number, groups by name or number. */
    public PeerPolicy allowing(String uidList, String groupList) {
        Set<Integer> u = new TreeSet<>();
        for (String uid : split(uidList)) {
            try {
                u.add(Integer.parseInt(uid));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("levelshare: allowed uid '" + uid + "' is not a number");
            }
        }
        Set<Integer> g = new TreeSet<>();
        for (String group : split(groupList)) {
            g.add(UnixGroups.gidOf(group));
        }
        return allowingUids(u).allowingGroups(g);
    }

    private static String[] split(String list) {
        return list == null || list.trim().isEmpty() ? new String[0] : list.trim().split("\\s*,\\s*");
    }

    /** True if users other than the serving one may connect: the socket must then be reachable by them. */
    public boolean admitsOtherUsers() {
        return !uids.isEmpty() || !gids.isEmpty();
    }

    /** Whether a peer with these kernel-reported credentials may use the DB. */
    boolean admits(long pid, int uid, int[] primaryGids) {
        if (uid == servingUid || uids.contains(uid)) {
            return true;
        }
        if (gids.isEmpty()) {
            return false;
        }
        for (int gid : primaryGids) {
            if (gids.contains(gid)) {
                return true;
            }
        }
        for (int gid : UnixGroups.groupsOf(pid)) {
            if (gids.contains(gid)) {
                return true;
            }
        }
        return false;
    }

    /** For logs: "uid 1000 only", "uid 1000, uids [1001], groups [50]". */
    public String describe() {
        return "uid " + servingUid + (uids.isEmpty() ? "" : ", uids " + uids) + (gids.isEmpty() ? "" : ", groups " + gids)
                + (admitsOtherUsers() ? "" : " only");
    }
}
