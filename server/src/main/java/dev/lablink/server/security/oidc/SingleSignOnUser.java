package dev.lablink.server.security.oidc;

import java.io.Serial;
import java.util.Collection;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;

/**
 * Someone signed in through the identity provider, named {@code sso:<subject>}: the subject is the
 * provider's stable id (an email or user name may change hands), and local account names cannot
 * hold a colon, so this name never meets a password account's. Their admin account (for API
 * tokens) carries the same name.
 */
final class SingleSignOnUser extends DefaultOidcUser {
    @Serial
    private static final long serialVersionUID = 1L;
    static final String PREFIX = "sso:";

    SingleSignOnUser(Collection<? extends GrantedAuthority> authorities, OidcIdToken idToken, OidcUserInfo userInfo) {
        super(authorities, idToken, userInfo);
    }

    @Override
    public String getName() {
        return PREFIX + getSubject();
    }
}
