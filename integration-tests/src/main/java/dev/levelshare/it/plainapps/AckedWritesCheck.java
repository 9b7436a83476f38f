package dev.levelshare.it.plainapps;

import org.iq80.leveldb.DB;
import org.iq80.leveldb.Options;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;

/**
 * {@code <dir> <prefix>=<writer output file> ...}: with every writer stopped, opens the DB (leveldbjni) and checks that
 * each write a {@link KeyWriterApp} saw acknowledged is there with its value. Exit code 1 if any is missing.
 */
public final class AckedWritesCheck {
    public static void main(String[] args) throws Exception {
        long acked = 0;
        long lost = 0;
        try (DB db = Engines.factory("jni").open(new File(args[0]), new Options())) {
            for (int a = 1; a < args.length; a++) {
                String prefix = args[a].substring(0, args[a].indexOf('='));
                String output = new String(Files.readAllBytes(Paths.get(args[a].substring(prefix.length() + 1))),
                        StandardCharsets.UTF_8);
                List<String> lines = Arrays.asList(output.split("\n"));
                int complete = output.endsWith("\n") ? lines.size() : lines.size() - 1;
                long last = -1;
                for (String line : lines.subList(0, complete)) {
                    if (line.startsWith("acked ")) {
                        last = Long.parseLong(line.substring(6).trim());
                    }
                }
                for (long i = 0; i <= last; i++) {
                    if (!Arrays.equals(KeyWriterApp.value(prefix, i), db.get(KeyWriterApp.key(prefix, i)))) {
                        lost++;
                    }
                }
                acked += last + 1;
            }
        }
        Console.say(acked + " acknowledged writes, " + lost + " missing");
        System.exit(lost == 0 ? 0 : 1);
    }
}
