package dev.lablink.core.config;

import java.util.List;

/**
 * {@code oidc.*}: single sign-on through an OpenID Connect provider, found from {@code issuer}.
 * Someone whose ID token has {@code admin_claim} (default {@code groups}) holding one of
 * {@code admin_values} signs in to the console as admin, one of {@code viewer_values} as viewer;
 * everyone else signs in as a participant. {@code name} labels the sign-in button.
 */
public record OidcSettings(String issuer, String clientId, String clientSecret, String adminClaim,
                           List<String> adminValues, List<String> viewerValues, String name) {
    public static final String DEFAULT_ADMIN_CLAIM = "groups";

    public OidcSettings {
        adminClaim = adminClaim == null ? DEFAULT_ADMIN_CLAIM : adminClaim;
        adminValues = adminValues == null ? List.of() : List.copyOf(adminValues);
        viewerValues = viewerValues == null ? List.of() : List.copyOf(viewerValues);
        name = name == null ? "single sign-on" : name;
    }

    public static OidcSettings defaults() {
        return new OidcSettings(null, null, null, null, null, null, null);
    }

    public boolean isConfigured() {
        return issuer != null && !issuer.isBlank();
    }

    @Override
    public String toString() {
        return "OidcSettings[issuer=" + issuer + ", clientId=" + clientId + ", clientSecret=" + (clientSecret == null ? "unset" : "***")
                + ", adminClaim=" + adminClaim + ", adminValues=" + adminValues + ", viewerValues=" + viewerValues + ", name=" + name + "]";
    }
}
