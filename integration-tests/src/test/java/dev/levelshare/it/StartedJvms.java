package dev.levelshare.it;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.ArrayList;
import java.util.List;

/**
 * The JVMs a test started, killed after it whatever happened: {@code @RegisterExtension final StartedJvms started =
 * new StartedJvms();} then {@code started.track(Jvm.plainApp(...))}.
 */
final class StartedJvms implements AfterEachCallback {
    private final List<Jvm> jvms = new ArrayList<>();

    /** {@code jvm}, to be stopped after the test. */
    Jvm track(Jvm jvm) {
        jvms.add(jvm);
        return jvm;
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        for (Jvm jvm : jvms) {
            jvm.close();
        }
        jvms.clear();
    }
}
