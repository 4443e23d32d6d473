package dev.lablink.agent;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The environment the agent gives the programs it starts (the participant's session, the startup
 * script, Chrome Remote Desktop's start-host): an allow-list of the agent's own variables, never
 * all of them. The agent's environment holds its token, and on a local machine it descends from
 * the allocator's, whose secrets a participant could otherwise read in /proc/PID/environ.
 */
final class ChildEnvironment {
    private static final Set<String> ALLOWED = Set.of("PATH", "HOME", "USER", "LOGNAME", "SHELL", "LANG", "LANGUAGE", "TZ", "TERM",
            "TMPDIR", "DISPLAY", "XDG_RUNTIME_DIR");

    private ChildEnvironment() {
    }

    static Map<String, String> of(Map<String, String> agentEnvironment) {
        Map<String, String> allowed = new TreeMap<>();
        agentEnvironment.forEach((name, value) -> {
            if (ALLOWED.contains(name) || name.startsWith("LC_")) {
                allowed.put(name, value);
            }
        });
        return allowed;
    }

    /** Replaces what {@code builder} would inherit with the allowed part of {@code agentEnvironment}. */
    static ProcessBuilder applyTo(ProcessBuilder builder, Map<String, String> agentEnvironment) {
        builder.environment().clear();
        builder.environment().putAll(of(agentEnvironment));
        return builder;
    }
}
