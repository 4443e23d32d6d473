package dev.lablink.server.admins;

import dev.lablink.server.api.BadRequestException;
import dev.lablink.server.api.Quote;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What an admin account may do: everything, or look without changing anything. */
public enum Role {
    ADMIN, VIEWER;

    /** As stored and shown: {@code admin}, {@code viewer}. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The Spring authority: {@code ROLE_ADMIN} or {@code ROLE_VIEWER} (the OIDC login maps to the same names). */
    public String authority() {
        return "ROLE_" + name();
    }

    public static Role parse(String field, String value) {
        String allowed = Arrays.stream(values()).map(Role::value).collect(Collectors.joining(", "));
        if (value == null || value.isBlank()) {
            throw new BadRequestException(field, field + " is required; one of " + allowed);
        }
        for (Role role : values()) {
            if (role.value().equals(value.trim().toLowerCase(Locale.ROOT))) {
                return role;
            }
        }
        throw new BadRequestException(field, Quote.of(value) + " is not a role; " + field + " must be one of " + allowed);
    }
}
