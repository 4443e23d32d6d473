package dev.lablink.core.config;

/** {@code startup_script.*}: a script each machine runs once at boot, before its agent reports READY. */
public record StartupScriptSettings(Boolean enabled, String path, String onError) {
    public static final String ON_ERROR_CONTINUE = "continue";
    public static final String ON_ERROR_FAIL = "fail";

    public StartupScriptSettings {
        enabled = enabled != null && enabled;
        onError = onError == null ? ON_ERROR_CONTINUE : onError;
    }
}
