package dev.levelshare.it.plainapps;

import org.fusesource.leveldbjni.JniDBFactory;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.Options;

import java.io.File;

/**
 * {@code <dir>}: loads leveldbjni's factory at once (so it is loaded before any agent attached later), then opens the
 * DB only when stdin says {@code open}; closes on {@code close}.
 */
public final class LateAttachApp {
    public static void main(String[] args) throws Exception {
        Console.say("factory loaded: " + JniDBFactory.factory.getClass().getName());
        Console.await("open");
        DB db = JniDBFactory.factory.open(new File(args[0]), new Options().createIfMissing(true));
        db.put("late".getBytes(), "attached".getBytes());
        Console.say("opened " + db.getClass().getName());
        Console.await("close");
        db.close();
        Console.say("closed");
    }
}
