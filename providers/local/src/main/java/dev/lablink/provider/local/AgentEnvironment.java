package dev.lablink.provider.local;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The environment a local agent starts with: an allow-list of the allocator's own variables plus
 * what the agent is told (its URL, token, name). Never the allocator's whole environment: it holds
 * the admin password, the database password and the cloud keys, and the agent's processes (the
 * participant's session among them) would inherit them.
 */
public final class AgentEnvironment {
    private static final Set<String> ALLOWED = Set.of("PATH", "HOME", "USER", "LOGNAME", "SHELL", "LANG", "LANGUAGE", "TZ", "TERM",
            "TMPDIR", "DISPLAY", "XDG_RUNTIME_DIR");

    private AgentEnvironment() {
    }

    public static Map<String, String> allowedPartOf(Map<String, String> allocatorEnvironment) {
        Map<String, String> allowed = new TreeMap<>();
        allocatorEnvironment.forEach((name, value) -> {
            if (ALLOWED.contains(name) || name.startsWith("LC_")) {
                allowed.put(name, value);
            }
        });
        return allowed;
    }
}
