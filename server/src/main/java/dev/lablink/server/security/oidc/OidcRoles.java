package dev.lablink.server.security.oidc;

import dev.lablink.core.config.OidcSettings;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * The console role of someone signed in through the provider: {@code oidc.admin_claim} (a string
 * or a list) holding one of {@code admin_values} makes an admin, one of {@code viewer_values} a
 * viewer, anything else no role at all. Spring's {@link OidcUserService} has already checked the
 * ID token (signature, issuer, audience, expiry, nonce) by the time this runs.
 */
final class OidcRoles implements OAuth2UserService<OidcUserRequest, OidcUser> {
    static final String ADMIN = "ROLE_ADMIN";
    static final String VIEWER = "ROLE_VIEWER";

    private final OidcSettings oidc;
    private final OidcUserService users = new OidcUserService();

    OidcRoles(OidcSettings oidc) {
        this.oidc = oidc;
    }

    @Override
    public OidcUser loadUser(OidcUserRequest request) {
        OidcUser user = users.loadUser(request);
        List<GrantedAuthority> authorities = new ArrayList<>(user.getAuthorities());
        List<String> held = values(user.getClaims().get(oidc.adminClaim()));
        if (held.stream().anyMatch(oidc.adminValues()::contains)) {
            authorities.add(new SimpleGrantedAuthority(ADMIN));
        } else if (held.stream().anyMatch(oidc.viewerValues()::contains)) {
            authorities.add(new SimpleGrantedAuthority(VIEWER));
        }
        return new SingleSignOnUser(authorities, user.getIdToken(), user.getUserInfo());
    }

    /** A claim as a list of strings: providers send a group as a string, a list, or (Keycloak's roles) a map's keys. */
    static List<String> values(Object claim) {
        return switch (claim) {
            case null -> List.of();
            case String text -> List.of(text);
            case Collection<?> items -> items.stream().map(String::valueOf).toList();
            case Map<?, ?> map -> map.keySet().stream().map(String::valueOf).toList();
            default -> List.of(String.valueOf(claim));
        };
    }
}
