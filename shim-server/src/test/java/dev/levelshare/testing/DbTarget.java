package dev.levelshare.testing;

import dev.levelshare.client.ClientOptions;
import dev.levelshare.client.RemoteDb;
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

/** A DB under test: an engine opened directly, or the same engine served over a Unix socket to a {@link RemoteDb}. */
public final class DbTarget implements AutoCloseable {
    public enum Engine { JNI, IQ80 }

    public final Engine engine;
    public final boolean remote;
    public final DB db;
    private final DB engineDb;
    private final DbServer server;

    private DbTarget(Engine engine, boolean remote, DB db, DB engineDb, DbServer server) {
        this.engine = engine;
        this.remote = remote;
        this.db = db;
        this.engineDb = engineDb;
        this.server = server;
    }

    public static DBFactory factory(Engine engine) {
        return engine == Engine.JNI ? JniDBFactory.factory : Iq80DBFactory.factory;
    }

    public static DbTarget direct(Engine engine, File dir) throws IOException {
        DB db = factory(engine).open(dir, new Options().createIfMissing(true));
        return new DbTarget(engine, false, db, db, null);
    }

    public static DbTarget remote(Engine engine, File dir, Path socketDir) throws IOException {
        return remote(engine, dir, socketDir, ServerOptions.defaults());
    }

    public static DbTarget remote(Engine engine, File dir, Path socketDir, ServerOptions options) throws IOException {
        DB engineDb = factory(engine).open(dir, new Options().createIfMissing(true));
        String canonical = dir.getCanonicalPath();
        Path socket = socketDir.resolve("db.sock");
        DbServer server = DbServer.start(engineDb, canonical, socket, options);
        RemoteDb remote = RemoteDb.connect(socket, canonical, ClientOptions.defaults().withClientName("conformance"));
        return new DbTarget(engine, true, remote, engineDb, server);
    }

    public DbServer server() {
        return server;
    }

    public DB engineDb() {
        return engineDb;
    }

    /** leveldbjni 1.8 kills the JVM on prev()/peekPrev() of an unpositioned iterator; only the remote guards it. */
    public boolean crashesOnInvalidPrev() {
        return engine == Engine.JNI && !remote;
    }

    @Override
    public void close() throws IOException {
        db.close();
        if (server != null) {
            server.close();
            engineDb.close();
        }
    }

    @Override
    public String toString() {
        return (remote ? "remote " : "direct ") + engine;
    }
}
