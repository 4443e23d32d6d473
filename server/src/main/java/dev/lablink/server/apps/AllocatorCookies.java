package dev.lablink.server.apps;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The allocator's own cookies (the browser session, the CSRF token): the proxied app never sees
 * them, and may not set them. An admin who opens a participant's app would otherwise hand the
 * console session to whatever runs on the machine.
 */
final class AllocatorCookies {
    static final Set<String> NAMES = Set.of("session", "jsessionid", "xsrf-token");

    private AllocatorCookies() {
    }

    static boolean isOurs(String cookieName) {
        return NAMES.contains(cookieName.trim().toLowerCase(Locale.ROOT));
    }

    /** A {@code Cookie} header without the allocator's cookies; empty when none is left. */
    static String withoutOurs(String cookieHeader) {
        return Arrays.stream(cookieHeader.split(";"))
                .filter(pair -> !pair.isBlank())
                .filter(pair -> !isOurs(pair.split("=", 2)[0]))
                .map(String::trim)
                .collect(Collectors.joining("; "));
    }

    /** Whether a {@code Set-Cookie} value from the app names one of the allocator's cookies. */
    static boolean setsOurs(String setCookie) {
        return isOurs(setCookie.split("=", 2)[0]);
    }
}
