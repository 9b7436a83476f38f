package dev.levelshare.conformance;

import dev.levelshare.testing.DbTarget;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;

/** The conformance suite on the Java 11-15 transport (the client event loop does the I/O). */
class RemoteJniNettyConformanceTest extends DbConformanceTest {
    @Override
    DbTarget open(File dir, Path socketDir) throws IOException {
        return DbTarget.remote(DbTarget.Engine.JNI, dir, socketDir, dev.levelshare.server.ServerOptions.defaults(), dev.levelshare.client.ClientOptions.Transport.NETTY);
    }

    @Test
    void randomIteratorScriptsBehaveExactlyAsOnTheEngine() throws IOException {
        IteratorDifferential.assertSameBehaviour(target, temp.resolve("reference").toFile());
    }
}
