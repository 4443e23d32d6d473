package dev.lablink.core.config;

/**
 * {@code compat.*}: serve the routes of LabLink's own client images (late 2025 to April 2026), so
 * a lab can point those images at this allocator unchanged. Off by default; when on, machines
 * must send {@code token} as a bearer token (the images' {@code Authorization: Bearer} header).
 */
public record CompatSettings(Boolean enabled, String token) {
    public CompatSettings {
        enabled = enabled != null && enabled;
    }

    @Override
    public String toString() {
        return "CompatSettings[enabled=" + enabled + ", token=" + (token == null ? "unset" : "***") + "]";
    }
}
