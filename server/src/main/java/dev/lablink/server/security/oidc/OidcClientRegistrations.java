package dev.lablink.server.security.oidc;

import dev.lablink.core.config.LabLinkConfig;
import dev.lablink.core.config.OidcSettings;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;

/**
 * The one client, {@value #REGISTRATION_ID}, found by OpenID discovery from {@code oidc.issuer}
 * the first time someone signs in, not at start: an identity provider that is down must not stop
 * the allocator. A failed discovery is tried again on the next sign-in; a successful one is kept.
 */
public final class OidcClientRegistrations implements ClientRegistrationRepository {
    public static final String REGISTRATION_ID = "lablink";
    static final String REDIRECT_PATH = "/login/oauth2/code/" + REGISTRATION_ID;

    private final OidcSettings oidc;
    private final String redirectUri;
    private volatile ClientRegistration registration;

    OidcClientRegistrations(LabLinkConfig config) {
        this.oidc = config.oidc();
        String publicUrl = config.server().publicUrl();
        // Behind a proxy the request's own address is not the one registered at the provider.
        this.redirectUri = publicUrl == null || publicUrl.isBlank() ? "{baseUrl}" + REDIRECT_PATH
                : publicUrl.replaceFirst("/+$", "") + REDIRECT_PATH;
    }

    /** @throws IdentityProviderUnreachableException when discovery fails (provider down, or not an OpenID provider) */
    @Override
    public ClientRegistration findByRegistrationId(String registrationId) {
        if (!REGISTRATION_ID.equals(registrationId)) {
            return null;
        }
        ClientRegistration known = registration;
        if (known == null) {
            synchronized (this) {
                known = registration;
                if (known == null) {
                    known = discover();
                    registration = known;
                }
            }
        }
        return known;
    }

    String issuer() {
        return oidc.issuer();
    }

    private ClientRegistration discover() {
        ClientRegistration.Builder builder;
        try {
            builder = ClientRegistrations.fromIssuerLocation(oidc.issuer());
        } catch (RuntimeException e) {
            throw new IdentityProviderUnreachableException(oidc.issuer(), e);
        }
        boolean confidential = oidc.clientSecret() != null && !oidc.clientSecret().isBlank();
        builder.registrationId(REGISTRATION_ID)
                .clientId(oidc.clientId())
                .scope("openid", "email", "profile")
                .redirectUri(redirectUri)
                .clientName(oidc.name());
        if (confidential) {
            builder.clientSecret(oidc.clientSecret());
        } else {
            builder.clientSecret(null).clientAuthenticationMethod(ClientAuthenticationMethod.NONE);
        }
        return builder.build();
    }
}
