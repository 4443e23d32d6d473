package dev.lablink.server.roster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lablink.server.TestConfigs;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who may claim, read the way an admin writes participants.access and allowed_domains. */
class ParticipantEligibilityTest {
    @TempDir
    Path dataDir;

    /** A roster holding these emails, without a database. */
    private static RosterRepository rosterOf(String... emails) {
        Set<String> listed = Set.of(emails);
        return new RosterRepository(null) {
            @Override
            public boolean contains(String email) {
                return listed.contains(email);
            }
        };
    }

    private ParticipantEligibility eligibility(String yaml, String... roster) {
        return new ParticipantEligibility(rosterOf(roster), TestConfigs.config(dataDir, yaml));
    }

    @Test
    void inRosterModeAListedPersonMayClaimAndAnUnlistedOneMayNot() {
        ParticipantEligibility rosterMode = eligibility("participants: {access: roster}", "ada@example.org");

        assertThat(rosterMode.mayClaim("ada@example.org")).isTrue();
        assertThat(rosterMode.mayClaim("bob@example.org")).isFalse();
    }

    @Test
    void inRosterModeAnAllowedDomainAndItsSubdomainsMayClaimWithoutBeingListed() {
        ParticipantEligibility rosterMode = eligibility("participants: {access: roster, allowed_domains: [uni.edu]}", "ada@example.org");

        assertThat(rosterMode.mayClaim("carla@uni.edu")).isTrue();
        assertThat(rosterMode.mayClaim("dan@cs.uni.edu")).isTrue();
        assertThat(rosterMode.mayClaim("eve@notuni.edu")).isFalse();
        assertThat(rosterMode.mayClaim("eve@uni.edu.evil.org")).isFalse();
        assertThat(rosterMode.mayClaim("ada@example.org")).isTrue();
    }

    @Test
    void inOtherModesAnyoneMayClaimUnlessAllowedDomainsNarrowIt() {
        assertThat(eligibility("participants: {access: open}").mayClaim("anyone@example.org")).isTrue();
        assertThat(eligibility("").mayClaim("anyone@example.org")).isTrue();

        ParticipantEligibility narrowed = eligibility("participants: {access: open, allowed_domains: [uni.edu]}", "ada@example.org");
        assertThat(narrowed.mayClaim("carla@uni.edu")).isTrue();
        assertThat(narrowed.mayClaim("dan@cs.uni.edu")).isTrue();
        // the roster only counts in roster mode
        assertThat(narrowed.mayClaim("ada@example.org")).isFalse();
    }
}
