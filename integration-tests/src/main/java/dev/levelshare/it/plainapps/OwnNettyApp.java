package dev.levelshare.it.plainapps;

import io.netty.util.Version;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.Options;

import java.io.File;
import java.nio.charset.StandardCharsets;

/**
 * {@code <jni|iq80> <dir>}: an app that ships its own Netty. Prints the Netty version it sees before and after using the
 * DB (through whatever the agent runs underneath, which must not replace or disturb the app's Netty).
 */
public final class OwnNettyApp {
    public static void main(String[] args) throws Exception {
        Console.say("app netty before " + nettyVersion());
        DB db = Engines.factory(args[0]).open(new File(args[1]), new Options().createIfMissing(true));
        db.put("netty-app".getBytes(StandardCharsets.UTF_8), nettyVersion().getBytes(StandardCharsets.UTF_8));
        byte[] shared = db.get("shared-0".getBytes(StandardCharsets.UTF_8));
        Console.say("reads shared-0=" + (shared == null ? "null" : new String(shared, StandardCharsets.UTF_8)));
        Console.say("app netty after " + nettyVersion() + " from " + Version.class.getProtectionDomain().getCodeSource()
                .getLocation());
        db.close();
    }

    private static String nettyVersion() {
        return Version.identify(OwnNettyApp.class.getClassLoader()).get("netty-common").artifactVersion();
    }
}
