package dev.lablink.server.api;

import java.util.List;

/** The addresses of LabLink's client protocol (the compat package), whose errors are {@code {"error": …}} rather than problem+json. */
public final class CompatPaths {
    /** Spring Security patterns for these routes. */
    public static final String[] PATTERNS = {"/vm_startup", "/api/vm-status", "/api/vm-status/**", "/api/gpu_health",
            "/api/update_inuse_status", "/api/vm-logs", "/api/vm-logs/**", "/api/vm-metrics/**", "/api/heartbeat",
            "/api/unassigned_vms_count", "/api/request_vm"};
    /** Also the admin's two routes of the protocol, which sit behind HTTP Basic with the rest of the admin API. */
    private static final List<String> EXACT = List.of("/vm_startup", "/api/vm-status", "/api/gpu_health", "/api/update_inuse_status",
            "/api/vm-logs", "/api/heartbeat", "/api/unassigned_vms_count", "/api/request_vm", "/api/launch", "/destroy");
    private static final List<String> PREFIXES = List.of("/api/vm-status/", "/api/vm-logs/", "/api/vm-metrics/");

    private CompatPaths() {
    }

    /** @param path the request's path, as sent (a trailing path parameter such as {@code ;x=1} is ignored) */
    public static boolean matches(String path) {
        if (path == null) {
            return false;
        }
        int semicolon = path.indexOf(';');
        String plain = semicolon < 0 ? path : path.substring(0, semicolon);
        return EXACT.contains(plain) || PREFIXES.stream().anyMatch(plain::startsWith);
    }
}
