package dev.levelshare.conformance;

import dev.levelshare.testing.DbTarget;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;

/** The conformance suite on the DB a follower app gets from the agent, the leader running iq80. */
class FollowerHandleIq80ConformanceTest extends DbConformanceTest {
    @Override
    DbTarget open(File dir, Path socketDir) throws IOException {
        return DbTarget.followerHandle(DbTarget.Engine.IQ80, dir, socketDir);
    }
}
