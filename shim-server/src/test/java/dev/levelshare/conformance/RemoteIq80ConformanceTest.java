package dev.levelshare.conformance;

import dev.levelshare.testing.DbTarget;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;

class RemoteIq80ConformanceTest extends DbConformanceTest {
    @Override
    DbTarget open(File dir, Path socketDir) throws IOException {
        return DbTarget.remote(DbTarget.Engine.IQ80, dir, socketDir);
    }

    @Test
    void randomIteratorScriptsBehaveExactlyAsOnTheEngine() throws IOException {
        IteratorDifferential.assertSameBehaviour(target, temp.resolve("reference").toFile());
    }
}
