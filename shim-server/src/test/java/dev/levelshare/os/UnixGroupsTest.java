package dev.levelshare.os;

import dev.levelshare.config.Settings;
import dev.levelshare.party.PartySettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Group names and numbers as the allow-list settings give them, and this process's groups from /proc. */
class UnixGroupsTest {
    @TempDir
    Path temp;

    @Test
    void groupsAreFoundByNameInTheGroupFileOrTakenAsNumbers() throws Exception {
        Path groupFile = temp.resolve("group");
        Files.writeString(groupFile, "root:x:0:\nstaff:x:50:alice,bob\ndevs:x:1200:\n");
        assertEquals(50, UnixGroups.gidOf("staff", groupFile));
        assertEquals(1200, UnixGroups.gidOf(" devs ", groupFile));
        assertEquals(4242, UnixGroups.gidOf("4242", groupFile));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> UnixGroups.gidOf("nope", groupFile));
        assertTrue(missing.getMessage().contains("no group named 'nope'"), missing.getMessage());
    }

    @Test
    void thisProcessGroupsAreReadFromProc() throws Exception {
        String status = Files.readString(Path.of("/proc/self/status"));
        String groupsLine = status.lines().filter(l -> l.startsWith("Groups:")).findFirst().orElseThrow();
        int[] groups = UnixGroups.groupsOf(ProcessHandle.current().pid());
        assertEquals(groupsLine.substring(7).trim().isEmpty() ? 0 : groupsLine.substring(7).trim().split("\\s+").length,
                groups.length);
        assertEquals(0, UnixGroups.groupsOf(Long.MAX_VALUE).length, "a process that does not exist has none");
    }

    @Test
    void agentSettingsAllowUidsAndGroupsBecomeTheLeadersPeerPolicy() {
        assertFalse(PartySettings.from(Settings.withExplicit(Map.of())).peerPolicy().admitsOtherUsers());
        PartySettings allowing = PartySettings.from(Settings.withExplicit(Map.of("allowUids", "4242,4343",
                "allowGroups", "0")));
        assertTrue(allowing.peerPolicy().admitsOtherUsers());
        assertTrue(allowing.peerPolicy().describe().contains("uids [4242, 4343], groups [0]"),
                allowing.peerPolicy().describe());
    }
}
