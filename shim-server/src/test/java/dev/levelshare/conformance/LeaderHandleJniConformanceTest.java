package dev.levelshare.conformance;

import dev.levelshare.testing.DbTarget;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;

/** The conformance suite on the DB a leader app gets from the agent. */
class LeaderHandleJniConformanceTest extends DbConformanceTest {
    @Override
    DbTarget open(File dir, Path socketDir) throws IOException {
        return DbTarget.leaderHandle(DbTarget.Engine.JNI, dir, socketDir);
    }

    @Test
    void randomIteratorScriptsBehaveExactlyAsOnTheEngine() throws IOException {
        IteratorDifferential.assertSameBehaviour(target, temp.resolve("reference").toFile());
    }
}
