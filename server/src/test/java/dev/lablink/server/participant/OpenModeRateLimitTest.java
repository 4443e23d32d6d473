package dev.lablink.server.participant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lablink.server.OwnAllocatorTestBase;
import dev.lablink.server.ParticipantBrowser;
import dev.lablink.server.TestAllocator;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Open mode: a few made-up emails from one address cannot drain every free seat. */
class OpenModeRateLimitTest extends OwnAllocatorTestBase {
    @TempDir
    static Path dataDir;

    @BeforeAll
    static void start() {
        allocator = TestAllocator.start(dataDir, "participants: {access: open, claims_per_minute: 2}");
    }

    @Test
    void newClaimsBeyondTheLimitPerAddressAre429WithRetryAfterAndWords() {
        allocator.insertReadyMachines(5);
        ParticipantBrowser first = new ParticipantBrowser(allocator);
        first.claimSeat("one@example.org");
        new ParticipantBrowser(allocator).claimSeat("two@example.org");

        HttpResponse<String> third = new ParticipantBrowser(allocator).claim("three@example.org");

        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(Long.parseLong(third.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);
        assertThat(third.body()).contains("Too many machines were requested from your network").contains("seconds");
        assertThat(allocator.jdbc.sql("SELECT count(*) FROM claims").query(Integer.class).single()).isEqualTo(2);
        // coming back to one's own seat is not a new claim
        assertThat(first.claim("one@example.org").statusCode()).isEqualTo(302);
    }
}
