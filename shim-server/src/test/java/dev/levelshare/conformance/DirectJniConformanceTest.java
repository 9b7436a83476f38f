package dev.levelshare.conformance;

import dev.levelshare.testing.DbTarget;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;

class DirectJniConformanceTest extends DbConformanceTest {
    @Override
    DbTarget open(File dir, Path socketDir) throws IOException {
        return DbTarget.direct(DbTarget.Engine.JNI, dir);
    }
}
