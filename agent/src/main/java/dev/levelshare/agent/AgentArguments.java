package dev.levelshare.agent;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code -javaagent:levelshare-agent.jar=key=value,key=value}: the highest-precedence settings. */
final class AgentArguments {
    private AgentArguments() {}

    static Map<String, String> parse(String line) {
        if (line == null || line.trim().isEmpty()) {
            return Collections.emptyMap();
        }
        Map<String, String> arguments = new LinkedHashMap<>();
        for (String pair : line.split(",")) {
            if (pair.trim().isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("levelshare agent argument '" + pair
                        + "' is not key=value (example: -javaagent:levelshare-agent.jar=retry=false,logLevel=debug)");
            }
            arguments.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return arguments;
    }
}
