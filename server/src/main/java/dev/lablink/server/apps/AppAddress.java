package dev.lablink.server.apps;

import java.util.Optional;

/** {@code /m/<machine>/<app>/<rest>} taken apart; {@code rest} keeps its encoding and starts with {@code /}. */
public record AppAddress(String machine, String app, String rest) {
    public static final String PREFIX = "/m/";

    /** From the request URI without the context path; empty for anything that is not {@code /m/<machine>/<app>...}. */
    public static Optional<AppAddress> parse(String path) {
        if (path == null || !path.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String[] parts = path.substring(PREFIX.length()).split("/", 3);
        if (parts.length < 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new AppAddress(parts[0], parts[1], parts.length == 3 ? "/" + parts[2] : ""));
    }

    public String prefix() {
        return PREFIX + machine + "/" + app + "/";
    }
}
