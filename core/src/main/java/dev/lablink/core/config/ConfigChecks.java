package dev.lablink.core.config;

import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.stream.Collectors;

/** Value checks that the general config and the providers' sections share, so a URL or a path is judged alike everywhere. */
public final class ConfigChecks {
    private ConfigChecks() {
    }

    public static boolean isPath(String value) {
        try {
            Path.of(value);
            return true;
        } catch (InvalidPathException e) {
            return false;
        }
    }

    /** Says why, with control characters such as NUL written out so the message stays one readable line. */
    public static String notAPath(String value) {
        String shown = value.chars().mapToObj(c -> c < 0x20 ? String.format("\\u%04x", c) : String.valueOf((char) c))
                .collect(Collectors.joining());
        String reason;
        try {
            Path.of(value);
            reason = "";
        } catch (InvalidPathException e) {
            reason = " (" + e.getReason().toLowerCase() + ")";
        }
        return "'" + shown + "' is not a usable path" + reason;
    }

    public static boolean isHttpUrl(String value) {
        try {
            URI uri = URI.create(value);
            return uri.isAbsolute() && uri.getHost() != null
                    && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
