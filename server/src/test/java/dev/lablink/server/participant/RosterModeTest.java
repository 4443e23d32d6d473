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
        allocator = TestAllocator.start(dataDir, """
                participants:
                  access: roster
                  allowed_domains: [uni.edu]
                  title: Deep learning workshop, 3 December
                  message: |
                    Bring your **laptop**. Slides: [course page](https://uni.edu/dl) <script>alert(1)</script>
                    [trap](javascript:alert(1))
                """);
    }

    @BeforeEach
    void roster() {
        allocator.jdbc.sql("DELETE FROM roster").update();
        allocator.jdbc.sql("INSERT INTO roster (email, name) VALUES ('ada@example.org', 'Ada Lovelace')").update();
    }

    @Test
    void theRequestPageCarriesTheWorkshopsTitleAndItsMessageRenderedSafely() {
        String page = new ParticipantBrowser(allocator).get("/").body();

        assertThat(page).contains("<h1>Deep learning workshop, 3 December</h1>")
                .contains("<title>Deep learning workshop, 3 December · LabLink</title>")
                .contains("Bring your <strong>laptop</strong>")
                .contains("href=\"https://uni.edu/dl\">course page</a>")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .doesNotContain("<script>alert").doesNotContain("javascript:");
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

    @Test
    void anAdminClaimingOnAnUnlistedPersonsBehalfIsToldToAddThemFirst() {
        allocator.insertReadyMachines(1);

        HttpResponse<String> refused = allocator.admin("POST", "/api/v1/claims", "{\"email\":\"mallory@example.org\"}");

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("not on the roster").contains("lablink roster import");
        assertThat(allocator.jdbc.sql("SELECT count(*) FROM claims").query(Integer.class).single()).isZero();
    }
}
