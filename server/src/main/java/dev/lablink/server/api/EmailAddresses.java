package dev.lablink.server.api;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What counts as an email address wherever one is typed or uploaded (the request page, the claim
 * API, the roster CSV), so a roster never holds an address that could not claim.
 */
public final class EmailAddresses {
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final int MAX_LENGTH = 254;

    private EmailAddresses() {
    }

    /** Trimmed and lower case; a 400 naming the field {@code email} when it is no address. */
    public static String normalize(String raw) {
        Optional<String> problem = problem(raw);
        if (problem.isPresent()) {
            throw new BadRequestException("email", problem.get());
        }
        return raw.trim().toLowerCase(Locale.ROOT);
    }

    /** Why {@code raw} is not an email address, in words for the person who typed it; empty when it is one. */
    public static Optional<String> problem(String raw) {
        if (raw == null || raw.isBlank()) {
            return Optional.of("email is required");
        }
        String trimmed = raw.trim().toLowerCase(Locale.ROOT);
        if (trimmed.length() > MAX_LENGTH || !EMAIL.matcher(trimmed).matches()) {
            return Optional.of(Quote.of(raw) + " is not an email address; write it like name@example.org");
        }
        return Optional.empty();
    }
}
