package dev.lablink.server.participant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lablink.server.OwnAllocatorTestBase;
import dev.lablink.server.ParticipantBrowser;
import dev.lablink.server.TestAllocator;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** participants.access roster without mail: listed people and allowed domains claim; others are refused in neutral words. */
class RosterModeTest extends OwnAllocatorTestBase {
    @TempDir
    static Path dataDir;

    @BeforeAll
    static void start() {
        allocator = TestAllocator.start(dataDir, "participants: {access: roster, allowed_domains: [uni.edu]}");
    }

    @BeforeEach
    void roster() {
        allocator.jdbc.sql("DELETE FROM roster").update();
        allocator.jdbc.sql("INSERT INTO roster (email, name) VALUES ('ada@example.org', 'Ada Lovelace')").update();
    }

    @Test
    void aListedPersonClaimsAndReachesTheirSeat() {
        allocator.insertReadyMachines(1);
        ParticipantBrowser ada = new ParticipantBrowser(allocator);

        String page = ada.claimSeat("Ada@Example.org");

        assertThat(ada.get(page).body()).contains("ada@example.org").contains("Release my seat");
    }

    @Test
    void someoneFromAnAllowedDomainClaimsToo() {
        allocator.insertReadyMachines(1);

        assertThat(new ParticipantBrowser(allocator).claim("grace@cs.uni.edu").statusCode()).isEqualTo(302);
    }

    @Test
    void anUnlistedEmailIsRefusedNeutrallyAndClaimsNothing() {
        allocator.insertReadyMachines(1);

        HttpResponse<String> refused = new ParticipantBrowser(allocator).claim("mallory@example.org");

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("This email cannot claim a seat here; check the spelling or ask the organiser.")
                .doesNotContain("roster");
        assertThat(allocator.jdbc.sql("SELECT count(*) FROM claims").query(Integer.class).single()).isZero();
    }
}
