package dev.levelshare.testing;

import dev.levelshare.client.ClientOptions;
import dev.levelshare.client.RemoteDb;
import dev.levelshare.config.Settings;
import dev.levelshare.os.SocketPaths;
import dev.levelshare.party.DirectoryClaims;
import dev.levelshare.party.Party;
import dev.levelshare.party.PartySettings;
import dev.levelshare.server.DbServer;
import dev.levelshare.server.ServerOptions;
import org.fusesource.leveldbjni.JniDBFactory;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBFactory;
import org.iq80.leveldb.Options;
import org.iq80.leveldb.impl.Iq80DBFactory;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A DB under test: an engine opened directly; the same engine served over a Unix socket to a {@link RemoteDb} (with
 * either client transport); or the handles apps really get from the agent: a leader's, or a follower's whose leader
 * is another party (as another process would be).
 */
public final class DbTarget implements AutoCloseable {
    public enum Engine { JNI, IQ80 }

    public final Engine engine;
    private final String kind;
    public final DB db;
    private final DB engineDb;
    private final DbServer server;
    private final List<DB> others;

    private DbTarget(Engine engine, String kind, DB db, DB engineDb, DbServer server, DB... others) {
        this.engine = engine;
        this.kind = kind;
        this.db = db;
        this.engineDb = engineDb;
        this.server = server;
        this.others = Arrays.asList(others);
    }

    public static DBFactory factory(Engine engine) {
        return engine == Engine.JNI ? JniDBFactory.factory : Iq80DBFactory.factory;
    }

    public static DbTarget direct(Engine engine, File dir) throws IOException {
        DB db = factory(engine).open(dir, new Options().createIfMissing(true));
        return new DbTarget(engine, "direct", db, db, null);
    }

    public static DbTarget remote(Engine engine, File dir, Path socketDir) throws IOException {
        return remote(engine, dir, socketDir, ServerOptions.defaults());
    }

    public static DbTarget remote(Engine engine, File dir, Path socketDir, ServerOptions options) throws IOException {
        return remote(engine, dir, socketDir, options, ClientOptions.Transport.AUTO);
    }

    public static DbTarget remote(Engine engine, File dir, Path socketDir, ServerOptions options,
                                  ClientOptions.Transport transport) throws IOException {
        DB engineDb = factory(engine).open(dir, new Options().createIfMissing(true));
        String canonical = dir.getCanonicalPath();
        Path socket = socketDir.resolve("db.sock");
        DbServer server = DbServer.start(engineDb, canonical, socket, options);
        RemoteDb remote = RemoteDb.connect(socket, canonical, ClientOptions.defaults().withClientName("conformance")
                .withTransport(transport));
        return new DbTarget(engine, "remote (" + transport + ")", remote, engineDb, server);
    }

    private static PartySettings partySettings(Path socketDir) {
        return PartySettings.from(Settings.fromSystem()).withSocketPaths(new SocketPaths(socketDir))
                .withFailoverDeadlineMillis(10_000);
    }

    private static DB partyOpen(Engine engine, File dir, Path socketDir) throws IOException {
        return new Party(partySettings(socketDir), new DirectoryClaims(CLAIMS)).open(dir,
                () -> factory(engine).open(dir, new Options().createIfMissing(true)));
    }

    /** One JVM's claims: two parties in it are like two processes, each with its own claim on the directory. */
    private static final java.util.concurrent.ConcurrentHashMap<String, Object> CLAIMS =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** The handle a leader app gets from the agent's open: straight to the engine, serving others meanwhile. */
    public static DbTarget leaderHandle(Engine engine, File dir, Path socketDir) throws IOException {
        DB leader = partyOpen(engine, dir, socketDir);
        return new DbTarget(engine, "leader handle", leader, null, null);
    }

    /** The handle a follower app gets: another party (as another process would) leads with the engine. */
    public static DbTarget followerHandle(Engine engine, File dir, Path socketDir) throws IOException {
        DB leader = partyOpen(engine, dir, socketDir);
        DB follower = partyOpen(engine, dir, socketDir);
        if (!follower.toString().endsWith("(follower)")) {
            throw new IllegalStateException("expected a follower: " + follower);
        }
        return new DbTarget(engine, "follower handle", follower, null, null, leader);
    }

    public DbServer server() {
        return server;
    }

    public DB engineDb() {
        return engineDb;
    }

    /** leveldbjni 1.8 kills the JVM on prev()/peekPrev() of an unpositioned iterator; only the remote guards it. */
    public boolean crashesOnInvalidPrev() {
        return engine == Engine.JNI && kind.equals("direct");
    }

    @Override
    public void close() throws IOException {
        db.close();
        if (server != null) {
            server.close();
            engineDb.close();
        }
        for (DB other : others) {
            other.close();
        }
    }

    @Override
    public String toString() {
        return kind + " " + engine;
    }
}
