package dev.levelshare.it.plainapps;

import org.iq80.leveldb.DB;
import org.iq80.leveldb.Options;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * {@code <jni|iq80> <dir> [comparator class]}: opens the DB (with that comparator), prints {@code opened} (or
 * {@code open failed <class>: <message>} and exits), then does what stdin says, one command per line:
 * {@code put KEY SIZE} (a value of SIZE bytes) prints {@code put KEY ok} or {@code put KEY failed <class>: <message>};
 * {@code get KEY} prints {@code get KEY -> N bytes} or {@code get KEY -> null}; {@code count} prints {@code count N};
 * {@code set KEY TEXT} puts a text value and prints {@code set KEY TEXT ok}; {@code read KEY} prints
 * {@code read KEY = TEXT} (or {@code = null}); {@code await KEY TEXT} reads until the value is TEXT (30 s at most) and
 * prints {@code await KEY TEXT ok} or {@code await KEY TEXT timed out (last: VALUE)};
 * {@code fill PREFIX N SIZE} puts N keys PREFIX000000.. with values of SIZE bytes and prints {@code fill PREFIX N ok};
 * {@code check PREFIX N} reads them and prints {@code check PREFIX N -> M present, C correct} (a value is correct if it
 * has SIZE bytes and carries its key's number); {@code scan} prints {@code scan K1,K2,...,} the first ten keys after
 * {@code seekToFirst()}; {@code fresh} the same of a fresh iterator, never positioned (as iq80 apps may read it);
 * {@code close} closes the DB and exits; {@code exit} exits without closing it.
 */
public final class CommandApp {
    public static void main(String[] args) throws Exception {
        Options options = new Options().createIfMissing(true);
        if (args.length > 2) {
            options.comparator((org.iq80.leveldb.DBComparator) Class.forName(args[2]).getConstructor().newInstance());
        }
        DB db;
        try {
            db = Engines.factory(args[0]).open(new File(args[1]), options);
        } catch (java.io.IOException | RuntimeException e) {
            Console.say("open failed " + e.getClass().getName() + ": " + e.getMessage());
            return;
        }
        Console.say("opened " + db.getClass().getName());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] words = line.trim().split(" ");
            try {
                switch (words[0]) {
                    case "put":
                        db.put(bytes(words[1]), new byte[Integer.parseInt(words[2])]);
                        Console.say("put " + words[1] + " ok");
                        break;
                    case "get": {
                        byte[] value = db.get(bytes(words[1]));
                        Console.say("get " + words[1] + " -> " + (value == null ? "null" : value.length + " bytes"));
                        break;
                    }
                    case "set":
                        db.put(bytes(words[1]), bytes(words[2]));
                        Console.say("set " + words[1] + " " + words[2] + " ok");
                        break;
                    case "read":
                        Console.say("read " + words[1] + " = " + text(db.get(bytes(words[1]))));
                        break;
                    case "await": {
                        long deadline = System.nanoTime() + 30_000_000_000L;
                        String last = text(db.get(bytes(words[1])));
                        while (!words[2].equals(last) && System.nanoTime() < deadline) {
                            Thread.sleep(5); // another process's write: nothing to wait on but the data itself
                            last = text(db.get(bytes(words[1])));
                        }
                        Console.say("await " + words[1] + " " + words[2]
                                + (words[2].equals(last) ? " ok" : " timed out (last: " + last + ")"));
                        break;
                    }
                    case "fill": {
                        int n = Integer.parseInt(words[2]);
                        for (int i = 0; i < n; i++) {
                            db.put(bytes(numbered(words[1], i)), filled(i, Integer.parseInt(words[3])));
                        }
                        Console.say("fill " + words[1] + " " + n + " ok");
                        break;
                    }
                    case "check": {
                        int n = Integer.parseInt(words[2]);
                        int present = 0;
                        int correct = 0;
                        for (int i = 0; i < n; i++) {
                            byte[] value = db.get(bytes(numbered(words[1], i)));
                            if (value != null) {
                                present++;
                                if (value.length >= 4 && java.nio.ByteBuffer.wrap(value).getInt() == i) {
                                    correct++;
                                }
                            }
                        }
                        Console.say("check " + words[1] + " " + n + " -> " + present + " present, " + correct
                                + " correct");
                        break;
                    }
                    case "scan":
                    case "fresh": {
                        StringBuilder keys = new StringBuilder();
                        try (org.iq80.leveldb.DBIterator it = db.iterator()) {
                            if (words[0].equals("scan")) {
                                it.seekToFirst(); // "fresh" reads without, as iq80 apps may
                            }
                            for (int i = 0; i < 10 && it.hasNext(); i++) {
                                keys.append(text(it.next().getKey())).append(',');
                            }
                        }
                        Console.say(words[0] + " " + keys);
                        break;
                    }
                    case "count":
                        Console.say("count " + SharedWriterApp.countKeys(db));
                        break;
                    case "close":
                        db.close();
                        Console.say("closed");
                        return;
                    case "exit":
                        Console.say("exiting");
                        System.exit(0); // as most apps end: the DB never closed
                        return;
                    default:
                        Console.say("unknown command " + words[0]);
                }
            } catch (RuntimeException e) {
                Console.say(words[0] + " " + (words.length > 1 ? words[1] + " " : "") + "failed "
                        + e.getClass().getName() + ": " + e.getMessage());
            }
        }
    }

    private static String numbered(String prefix, int i) {
        return prefix + String.format("%06d", i);
    }

    /** SIZE bytes (at least 4) starting with the key's number, the rest varied so that tables compress a little. */
    private static byte[] filled(int number, int size) {
        byte[] value = new byte[Math.max(4, size)];
        java.nio.ByteBuffer.wrap(value).putInt(number);
        for (int i = 4; i < value.length; i++) {
            value[i] = (byte) ((number * 31 + i) % 7);
        }
        return value;
    }

    private static String text(byte[] value) {
        return value == null ? "null" : new String(value, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

}
