package dev.lablink.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** A machine name given on the command line, checked here so a typo or a path like ../.. gets a plain answer. */
final class MachineName {
    private static final String PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,62}";

    private MachineName() {
    }

    /** The name as a URL path segment; refuses anything that is not a machine name. */
    static String asPathSegment(String name) {
        if (name == null || !name.matches(PATTERN)) {
            throw new CliException("'" + name + "' is not a machine name (letters, digits, '.', '_' and '-', like lablink-vm-1; see lablink vm list)");
        }
        return URLEncoder.encode(name, StandardCharsets.UTF_8);
    }
}
