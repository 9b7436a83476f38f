package dev.levelshare.it.plainapps;

import org.iq80.leveldb.DB;
import org.iq80.leveldb.Options;

import java.io.File;
import java.nio.charset.StandardCharsets;

/**
 * {@code <jni|iq80> <dir>}: opens the same directory twice in one JVM (as apps with two components do), writes through
 * one handle and reads through the other; on {@code close-first} closes the first and shows the second still works; on
 * {@code close-second} closes that one too.
 */
public final class TwiceOpenApp {
    public static void main(String[] args) throws Exception {
        File dir = new File(args[1]);
        DB first = Engines.factory(args[0]).open(dir, new Options().createIfMissing(true));
        DB second = Engines.factory(args[0]).open(dir, new Options().createIfMissing(true));
        first.put(bytes("written-by"), bytes("first"));
        Console.say("second reads " + string(second.get(bytes("written-by"))));
        Console.await("close-first");
        first.close();
        second.put(bytes("after-first-closed"), bytes("still works"));
        Console.say("second after close reads " + string(second.get(bytes("after-first-closed"))));
        Console.await("close-second");
        second.close();
        Console.say("closed both");
        Console.await("exit");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String string(byte[] b) {
        return b == null ? "null" : new String(b, StandardCharsets.UTF_8);
    }
}
