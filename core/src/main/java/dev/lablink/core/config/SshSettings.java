package dev.lablink.core.config;

import java.util.List;

/**
 * {@code session.ssh.*}: the ssh server a session runs, reached with {@code lablink ssh} through the
 * allocator's tunnel. {@code port} is where it listens on the machine (unset: no ssh);
 * {@code authorized_keys} is the file the agent writes the participant's public key (and
 * {@code admin_keys}) to, {@code ~} being the agent's home and {@code {work_dir}} the machine's own
 * directory (default {@code ~/.ssh/authorized_keys}); {@code user} is who to log in as (default:
 * the user the agent runs as, which the agent reports).
 */
public record SshSettings(Integer port, String authorizedKeys, String user, List<String> adminKeys) {
    public static final String DEFAULT_AUTHORIZED_KEYS = "~/.ssh/authorized_keys";

    public SshSettings {
        authorizedKeys = authorizedKeys == null || authorizedKeys.isBlank() ? DEFAULT_AUTHORIZED_KEYS : authorizedKeys;
        adminKeys = adminKeys == null ? List.of() : List.copyOf(adminKeys);
    }

    public static SshSettings defaults() {
        return new SshSettings(null, null, null, null);
    }

    public boolean isEnabled() {
        return port != null;
    }
}
