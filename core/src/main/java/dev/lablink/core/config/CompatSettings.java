package dev.lablink.core.config;

/**
 * {@code compat.*}: serve the routes of LabLink's own client images (late 2025 to April 2026), so
 * a lab can point those images at this allocator unchanged. Off by default; when on, machines
 * must send {@code token} as a bearer token (the images' {@code Authorization: Bearer} header).
 * {@code hostnames}, a Java regular expression the whole hostname must match, limits which new
 * machines may register through those routes (unset: any). {@code heartbeat_seconds} is how often
 * those images beat (LabLink's client: every 30 s); {@code telemetry.missed_heartbeats} of them
 * missed make such a machine UNREACHABLE.
 */
public record CompatSettings(Boolean enabled, String token, String hostnames, Integer heartbeatSeconds) {
    public static final int LABLINK_CLIENT_HEARTBEAT_SECONDS = 30;

    public CompatSettings {
        enabled = enabled != null && enabled;
        heartbeatSeconds = heartbeatSeconds == null ? LABLINK_CLIENT_HEARTBEAT_SECONDS : heartbeatSeconds;
    }

    public CompatSettings(Boolean enabled, String token) {
        this(enabled, token, null, null);
    }

    @Override
    public String toString() {
        return "CompatSettings[enabled=" + enabled + ", token=" + (token == null ? "unset" : "***") + ", hostnames=" + hostnames
                + ", heartbeatSeconds=" + heartbeatSeconds + "]";
    }
}
