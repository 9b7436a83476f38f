package dev.levelshare.it;

import dev.levelshare.it.mocks.MockedFactoryApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tests that mock a LevelDB factory with real Mockito (as Hadoop's timeline store tests do), or proxy one, behave the
 * same with the agent as without it: the agent never weaves a class generated to stand in for a factory.
 */
class MockedFactoryIT {
    private static final Duration RUN = Duration.ofSeconds(60);

    @TempDir Path temp;
    @RegisterExtension final StartedJvms started = new StartedJvms();

    private String run(String name, String agentArguments, String... args) throws Exception {
        Jvm app = Jvm.plainApp(name, temp, temp.resolve("s"), Jvm.javaBinary(), Jvm.mockingClasspath(),
                agentArguments, MockedFactoryApp.class, args);
        started.track(app);
        assertEquals(0, app.awaitExit(RUN), app.output());
        return app.output();
    }

    @ParameterizedTest
    @ValueSource(strings = {"subclass", "inline", "interface", "proxy"})
    void aStubbedOpenOfAMockedFactoryReturnsItsStubWithTheAgent(String how) throws Exception {
        Path dir = temp.resolve("db-" + how);
        String output = run(how, "logLevel=debug", how, dir.toString());
        assertTrue(output.contains("open returned the stub: true"), output);
        if (!how.equals("proxy")) {
            assertTrue(output.contains("verified"), output);
        }
        assertTrue(output.contains("directory created: false"), output); // no real open happened
        assertTrue(output.contains("done"), output);
        if (!how.equals("inline")) { // the inline mock maker mocks JniDBFactory itself, which the agent does weave
            assertFalse(output.contains("instrumented " + factoryClassOf(output)), output);
        }
    }

    @Test
    void anOpenWithANullDirectoryOrNullOptionsFailsAsTheEngineFailsWithoutTheAgent() throws Exception {
        Path dir = temp.resolve("db-nulls");
        String without = outcomes(run("nulls-plain", null, "nulls", dir.toString()));
        String with = outcomes(run("nulls-agent", "", "nulls", dir.toString()));
        assertEquals(4, without.lines().count(), without);
        assertEquals(without, with);
    }

    private static String outcomes(String output) {
        return Arrays.stream(output.split("\n")).filter(line -> line.contains(" open("))
                .collect(Collectors.joining("\n"));
    }

    private static String factoryClassOf(String output) {
        for (String line : output.split("\n")) {
            if (line.startsWith("factory class ")) {
                return line.substring("factory class ".length()).trim();
            }
        }
        throw new AssertionError("no factory class printed:\n" + output);
    }
}
