package dev.lablink.server.participant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lablink.core.config.SshPublicKeysTest;
import dev.lablink.server.ParticipantBrowser;
import dev.lablink.server.TestAllocator;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A seat belongs to the browser that claimed it: two people, two cookie jars, over plain HTTP. */
class SeatOwnershipTest {
    private final TestAllocator allocator = TestAllocator.shared();
    private final ParticipantBrowser ada = new ParticipantBrowser(allocator);
    private final ParticipantBrowser mallory = new ParticipantBrowser(allocator);

    @BeforeEach
    @AfterEach
    void clean() {
        allocator.reset();
    }

    private String machineOf(String email) {
        return allocator.jdbc.sql("SELECT m.name FROM claims c JOIN machines m ON m.id = c.machine_id WHERE c.email = :email AND c.released_at IS NULL")
                .param("email", email).query(String.class).single();
    }

    @Test
    void typingSomeoneElsesEmailSaysItHasASeatAndShowsNothingOfIt() {
        allocator.insertReadyMachines(2);
        String page = ada.claimSeat("ada@example.org");
        String machine = machineOf("ada@example.org");

        HttpResponse<String> typed = mallory.claim("ADA@example.org");

        assertThat(typed.statusCode()).isEqualTo(409);
        assertThat(typed.body()).contains("This email already has a seat").contains("Go back to the browser you claimed it in")
                .doesNotContain(machine).doesNotContain(page).doesNotContain("Release my seat");
        assertThat(allocator.jdbc.sql("SELECT count(*) FROM claims").query(Integer.class).single()).isEqualTo(1);
        assertThat(ada.get(page).body()).contains(machine);
    }

    @Test
    void withoutSshInTheSessionTheSeatPageAsksForNoKeyAndTakesNone() {
        allocator.insertReadyMachines(1);
        String page = ada.claimSeat("ada@example.org");

        assertThat(ada.get(page).body()).doesNotContain("ssh public key");
        HttpResponse<String> posted = ada.post(page + "/ssh-key", Map.of("ssh_public_key", SshPublicKeysTest.KEYGEN_ED25519));
        assertThat(posted.statusCode()).isEqualTo(404);
        assertThat(posted.body()).contains("take no ssh key");
        assertThat(allocator.jdbc.sql("SELECT count(*) FROM claims WHERE ssh_public_key IS NOT NULL").query(Integer.class).single()).isZero();
    }

    @Test
    void theSeatPageItsStatusAndItsReleaseRefuseAnotherBrowser() {
        allocator.insertReadyMachines(1);
        String page = ada.claimSeat("ada@example.org");
        String machine = machineOf("ada@example.org");

        HttpResponse<String> seat = mallory.get(page);
        HttpResponse<String> status = mallory.get(page + "/status");
        HttpResponse<String> release = mallory.post(page + "/release", Map.of());

        for (HttpResponse<String> refused : new HttpResponse[] {seat, status, release}) {
            assertThat(refused.statusCode()).as(refused.uri().toString()).isEqualTo(403);
            assertThat(refused.body()).contains("opens only in the browser that claimed it")
                    .doesNotContain(machine).doesNotContain("ada@example.org");
        }
        assertThat(allocator.jdbc.sql("SELECT count(*) FROM claims WHERE released_at IS NULL").query(Integer.class).single()).isEqualTo(1);
        assertThat(mallory.get("/seat").headers().firstValue("Location").orElse("")).endsWith("/");
    }

    @Test
    void theClaimingBrowserComesBackToItsSeatAndReleasesIt() {
        allocator.insertReadyMachines(2);
        String page = ada.claimSeat("ada@example.org");

        assertThat(ada.claimSeat(" Ada@Example.org ")).isEqualTo(page);
        assertThat(ada.get("/seat").headers().firstValue("Location").orElse("")).endsWith(page);
        HttpResponse<String> released = ada.post(page + "/release", Map.of());

        assertThat(released.statusCode()).isEqualTo(302);
        assertThat(ada.get(page).body()).contains("This seat has ended");
        assertThat(allocator.jdbc.sql("SELECT count(*) FROM claims WHERE released_at IS NULL").query(Integer.class).single()).isZero();
    }
}
