package dev.lablink.core.config;

import java.util.List;
import java.util.Locale;

/**
 * {@code participants.*}: who may claim a seat and how they prove it is them.
 * <ul>
 * <li>{@code open}: any email, claimed in the browser that typed it; {@code claims_per_minute}
 * new claims per client address at most.</li>
 * <li>{@code roster}: only people on the roster (uploaded by an admin) or from
 * {@code allowed_domains}; with {@code mail.host} set they get a sign-in link, as in {@code email}.</li>
 * <li>{@code email}: claiming mails a one-time sign-in link, valid {@code link_minutes}; the seat
 * appears once it is opened.</li>
 * <li>{@code oidc}: participants sign in with the lab's identity provider ({@code oidc.*}).</li>
 * </ul>
 * {@code title} and {@code message} (Markdown) head the request page.
 */
public record ParticipantsSettings(String access, List<String> allowedDomains, String title, String message,
                                   Integer claimsPerMinute, Integer linkMinutes) {
    public static final String OPEN = "open";
    public static final String ROSTER = "roster";
    public static final String EMAIL = "email";
    public static final String OIDC = "oidc";
    public static final List<String> ACCESS_MODES = List.of(OPEN, ROSTER, EMAIL, OIDC);

    public ParticipantsSettings {
        access = access == null ? OPEN : access;
        allowedDomains = allowedDomains == null ? List.of()
                : allowedDomains.stream().map(domain -> domain == null ? null : domain.trim().toLowerCase(Locale.ROOT)).toList();
        claimsPerMinute = claimsPerMinute == null ? 30 : claimsPerMinute;
        linkMinutes = linkMinutes == null ? 30 : linkMinutes;
    }

    public static ParticipantsSettings defaults() {
        return new ParticipantsSettings(null, null, null, null, null, null);
    }

    public boolean is(String mode) {
        return access.equals(mode);
    }
}
