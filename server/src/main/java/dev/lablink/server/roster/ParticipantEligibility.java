package dev.lablink.server.roster;

import dev.lablink.core.config.LabLinkConfig;
import dev.lablink.core.config.ParticipantsSettings;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Whether an email may claim a seat at all, before any machine is looked at: with
 * {@code participants.access: roster} it must be on the roster or from one of
 * {@code participants.allowed_domains}; in the other modes, when allowed_domains is set, it must
 * be from one of them. The answer is never shown to the person asking (it would tell who is on
 * the roster); callers refuse in words that are the same either way.
 */
@Component
public class ParticipantEligibility {
    private final RosterRepository roster;
    private final boolean rosterMode;
    private final List<String> allowedDomains;

    public ParticipantEligibility(RosterRepository roster, LabLinkConfig config) {
        this.roster = roster;
        this.rosterMode = config.participants().is(ParticipantsSettings.ROSTER);
        this.allowedDomains = config.participants().allowedDomains();
    }

    /** @param email already normalized (trimmed, lower case) */
    public boolean mayClaim(String email) {
        boolean domainAllowed = fromAllowedDomain(email);
        if (rosterMode) {
            return domainAllowed || roster.contains(email);
        }
        return allowedDomains.isEmpty() || domainAllowed;
    }

    private boolean fromAllowedDomain(String email) {
        String domain = email.substring(email.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
        return allowedDomains.stream().anyMatch(allowed -> domain.equals(allowed) || domain.endsWith("." + allowed));
    }
}
