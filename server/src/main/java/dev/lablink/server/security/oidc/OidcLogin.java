package dev.lablink.server.security.oidc;

import dev.lablink.core.config.LabLinkConfig;
import dev.lablink.server.admins.AdminRepository;
import dev.lablink.server.events.EventRepository;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.HttpSessionOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.stereotype.Component;

/**
 * Single sign-on on the web pages' chain, when {@code oidc.issuer} is set: Spring Security's
 * OAuth2 login with one client found by discovery, PKCE on every authorization request (also for
 * a confidential client), and Spring's own checks of state, nonce and the ID token (signature from
 * the provider's JWKS, issuer, audience, expiry with 60 s of clock skew) left as they are.
 */
@Component
public class OidcLogin {
    private final LabLinkConfig config;
    private final EventRepository events;
    private final AdminRepository admins;
    private final OidcClientRegistrations registrations;

    OidcLogin(LabLinkConfig config, EventRepository events, AdminRepository admins) {
        this.config = config;
        this.events = events;
        this.admins = admins;
        this.registrations = config.oidc().isConfigured() ? new OidcClientRegistrations(config) : null;
    }

    /** Adds the sign-in to {@code http}; nothing when no provider is configured. */
    public void configure(HttpSecurity http, String loginPage) throws Exception {
        if (registrations == null) {
            return;
        }
        var resolver = new DefaultOAuth2AuthorizationRequestResolver(registrations,
                OAuth2AuthorizationRequestRedirectFilter.DEFAULT_AUTHORIZATION_REQUEST_BASE_URI);
        resolver.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
        http.addFilterBefore(new IdentityProviderGate(registrations, config), OAuth2AuthorizationRequestRedirectFilter.class)
                .oauth2Login(login -> login
                        // the console's own login page, not a redirect straight to the provider, for anyone not signed in
                        .loginPage(loginPage)
                        .clientRegistrationRepository(registrations)
                        // the tokens live in the web session (PostgreSQL), not in the allocator's memory
                        .authorizedClientRepository(new HttpSessionOAuth2AuthorizedClientRepository())
                        .authorizationEndpoint(endpoint -> endpoint.authorizationRequestResolver(resolver))
                        .userInfoEndpoint(userInfo -> userInfo.oidcUserService(new OidcRoles(config.oidc())))
                        .successHandler(new OidcSignInSuccess(config.oidc(), events, admins))
                        .failureHandler(new OidcSignInFailure(config.oidc(), events)));
    }
}
