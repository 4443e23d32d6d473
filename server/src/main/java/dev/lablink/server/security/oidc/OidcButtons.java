package dev.lablink.server.security.oidc;

import dev.lablink.core.config.LabLinkConfig;
import dev.lablink.core.config.ParticipantsSettings;
import org.springframework.stereotype.Component;

/**
 * Whether the sign-in buttons of {@code templates/oidc/buttons.html} show, and their label, read by
 * the pages as {@code @oidcButtons}; they link to {@code /oauth2/authorization/lablink}, the
 * participant's with {@code ?for=participant} (see {@link SignInStart}).
 */
@Component("oidcButtons")
public class OidcButtons {
    private final LabLinkConfig config;

    OidcButtons(LabLinkConfig config) {
        this.config = config;
    }

    public boolean isConsole() {
        return config.oidc().isConfigured();
    }

    public boolean isParticipants() {
        return config.oidc().isConfigured() && config.participants().is(ParticipantsSettings.OIDC);
    }

    public String getLabel() {
        return "Sign in with " + config.oidc().name();
    }
}
