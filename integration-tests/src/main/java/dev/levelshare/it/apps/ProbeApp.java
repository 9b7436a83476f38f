package dev.levelshare.it.apps;

import dev.levelshare.client.ClientOptions;
import dev.levelshare.client.RemoteDb;
import dev.levelshare.protocol.Hello;

import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;

/**
 * {@code <socket> [put]}: what a process (possibly of another user) learns from a levelshare socket. Prints
 * {@code connected <db path> pid <leader pid>} (and {@code put ok} after a write with {@code put}), or
 * {@code refused: <exactly what levelshare told it>}.
 */
public final class ProbeApp {
    public static void main(String[] args) {
        try (RemoteDb db = RemoteDb.connect(Paths.get(args[0]), Hello.ANY_DB,
                ClientOptions.defaults().withConnectTimeoutMillis(5_000).withClientName("probe"))) {
            System.out.println("connected " + db.server().dbPath + " pid " + db.server().pid);
            if (args.length > 1 && args[1].equals("put")) {
                db.put("probe".getBytes(StandardCharsets.UTF_8), "was here".getBytes(StandardCharsets.UTF_8));
                System.out.println("put ok");
            }
        } catch (RuntimeException e) {
            System.out.println("refused: " + e.getMessage());
        }
    }
}
