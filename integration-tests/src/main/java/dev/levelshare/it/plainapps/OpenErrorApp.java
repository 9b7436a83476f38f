package dev.levelshare.it.plainapps;

import org.iq80.leveldb.Options;

import java.io.File;

/** {@code <jni|iq80> <dir>}: opens without createIfMissing tricks and prints the exception class and message, if any. */
public final class OpenErrorApp {
    public static void main(String[] args) {
        try {
            Engines.factory(args[0]).open(new File(args[1]), new Options().createIfMissing(true)).close();
            Console.say("opened");
        } catch (Exception e) {
            Console.say("error " + e.getClass().getName() + ": " + e.getMessage());
        }
    }
}
