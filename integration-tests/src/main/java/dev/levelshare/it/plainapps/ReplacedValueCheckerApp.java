package dev.levelshare.it.plainapps;

import org.iq80.leveldb.DB;
import org.iq80.leveldb.Options;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code <dir> <keys>}: opens the DB (leveldbjni) and reads keys {@code shared-0} .. {@code shared-<keys-1>} over and
 * over. Every value is written once (see {@link SharedKeyWriterApp}), so once a key's value was replaced by another,
 * it must never be read again: that would be an older write applied after a newer one (a write sent again after a
 * failover and applied twice). Prints {@code reappeared BAD <key> <value>} for each such read, and
 * {@code checked <rounds>} every 100 rounds.
 */
public final class ReplacedValueCheckerApp {
    public static void main(String[] args) throws Exception {
        File dir = new File(args[0]);
        int keys = Integer.parseInt(args[1]);
        DB db = Engines.factory("jni").open(dir, new Options().createIfMissing(true));
        Console.say("opened " + dir + " " + db.getClass().getName());
        List<Set<String>> replaced = new ArrayList<>();
        String[] current = new String[keys];
        for (int k = 0; k < keys; k++) {
            replaced.add(new HashSet<>());
        }
        for (long round = 1; ; round++) {
            for (int k = 0; k < keys; k++) {
                byte[] raw = db.get(SharedKeyWriterApp.key(k));
                String value = raw == null ? null : new String(raw, StandardCharsets.UTF_8);
                if (value == null || value.equals(current[k])) {
                    continue;
                }
                if (replaced.get(k).contains(value)) {
                    Console.say("reappeared BAD shared-" + k + " " + value + " (after " + current[k] + ")");
                }
                if (current[k] != null) {
                    replaced.get(k).add(current[k]);
                }
                current[k] = value;
            }
            if (round % 100 == 0) {
                Console.say("checked " + round);
            }
            Thread.sleep(1); // a reader's pace
        }
    }
}
