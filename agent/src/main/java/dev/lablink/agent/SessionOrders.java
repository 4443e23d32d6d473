package dev.lablink.agent;

import java.util.Map;

/**
 * The allocator's {@code session} orders: what to prepare before the machine is READY (clone
 * {@code repository} at {@code ref}, pull {@code image} when {@code prePull}) and how sessions run
 * (the process {@code software} whose presence means "in use", the memory bounds in percent of the
 * machine's memory, the registry login for the image). An allocator of protocol 1 sends none:
 * {@link #NONE}.
 */
public record SessionOrders(String image, String repository, String ref, String software, int memoryLimitPct, int memorySoftLimitPct,
                            boolean prePull, RegistryLogin registryLogin) {
    public static final SessionOrders NONE = new SessionOrders(null, null, null, null, 92, 85, false, null);

    /** {@code docker login} for the image's registry; the secret is never logged. */
    public record RegistryLogin(String server, String username, String secret) {
        @Override
        public String toString() {
            return "RegistryLogin[server=" + server + ", username=" + username + ", secret=***]";
        }
    }

    static SessionOrders from(Object json) {
        if (!(json instanceof Map<?, ?> map)) {
            return NONE;
        }
        RegistryLogin login = null;
        if (map.get("registry_login") instanceof Map<?, ?> l && l.get("server") instanceof String server && l.get("secret") instanceof String secret) {
            login = new RegistryLogin(server, l.get("username") instanceof String user ? user : "token", secret);
        }
        return new SessionOrders(text(map, "image"), text(map, "repository"), text(map, "ref"), text(map, "software"),
                number(map, "memory_limit_pct", 92), number(map, "memory_soft_limit_pct", 85),
                Boolean.TRUE.equals(map.get("pre_pull")), login);
    }

    private static String text(Map<?, ?> map, String key) {
        return map.get(key) instanceof String value && !value.isBlank() ? value : null;
    }

    private static int number(Map<?, ?> map, String key, int otherwise) {
        return map.get(key) instanceof Number value ? value.intValue() : otherwise;
    }
}
