package dev.lablink.server.participant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lablink.core.config.SshKeyLines;
import dev.lablink.core.config.SshPublicKeysTest;
import dev.lablink.server.OwnAllocatorTestBase;
import dev.lablink.server.ParticipantBrowser;
import dev.lablink.server.RunningAgent;
import dev.lablink.server.TestAllocator;
import dev.lablink.server.tunnel.SeatTunnelTokens;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A participant with {@code connect.method: apps} and an sshd in the session: the seat page's app
 * buttons follow whether the app answers, and the public key they paste reaches the machine's
 * authorized_keys through the agent, with the command to use it.
 */
class SeatSshTest extends OwnAllocatorTestBase {
    static final String ADMIN_KEY = SshPublicKeysTest.KEYGEN_ECDSA_384.replace(" x", " admin@lab");

    @TempDir
    static Path dataDir;
    static int appPort;

    @BeforeAll
    static void start() throws IOException {
        appPort = freePort();
        allocator = TestAllocator.start(dataDir, """
                connect:
                  method: apps
                session:
                  apps:
                    - {name: jupyter, port: %d, label: Jupyter}
                  ssh:
                    port: %d
                    authorized_keys: "{work_dir}/.ssh/authorized_keys"
                    admin_keys: ["%s"]
                """.formatted(appPort, freePort(), ADMIN_KEY));
    }

    @Test
    void theKeyAParticipantPastesIsWrittenByTheAgentAndThePageShowsTheCommand(@TempDir Path machineDir) throws Exception {
        try (RunningAgent agent = RunningAgent.onNewMachine(allocator, machineDir)) {
            ParticipantBrowser ada = new ParticipantBrowser(allocator);
            String seat = ada.claimSeat("ada@example.org");
            Path keys = machineDir.resolve(".ssh/authorized_keys");
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(keys) && Files.readString(keys).contains("admin@lab"));

            String key = SshPublicKeysTest.KEYGEN_ED25519;
            HttpResponse<String> saved = ada.post(seat + "/ssh-key", Map.of("ssh_public_key", key + "\n"));
            assertThat(saved.statusCode()).isEqualTo(302);
            assertThat(ParticipantBrowser.location(saved)).isEqualTo(seat);

            await().atMost(Duration.ofSeconds(20)).until(() -> Files.readString(keys).contains("ada@laptop"));
            assertThat(Files.readAllLines(keys)).contains(ADMIN_KEY, key);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.getParent()))).isEqualTo("rwx------");

            long claimId = allocator.jdbc.sql("SELECT id FROM claims WHERE email = 'ada@example.org'").query(Long.class).single();
            String token = allocator.context.getBean(SeatTunnelTokens.class).forClaim(claimId).orElseThrow();
            String page = ada.get(seat).body();
            assertThat(page).contains("lablink ssh --url " + allocator.uri("/").toString().replaceFirst("/$", "")
                    + " --seat " + token + " " + agent.machineName);
            assertThat(page).contains("lablink ssh-config --url").contains("Replace my key").contains("ada@laptop");
            assertThat(allocator.jdbc.sql("SELECT message FROM events WHERE type = 'SSH_KEY'").query(String.class).list())
                    .containsExactly("ada@example.org gave an ssh public key for the machine");

            // another key replaces the first; the admin's stays
            String second = SshKeyLines.ed25519("ada@desktop");
            assertThat(ada.post(seat + "/ssh-key", Map.of("ssh_public_key", second)).statusCode()).isEqualTo(302);
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.readString(keys).contains("ada@desktop"));
            assertThat(Files.readAllLines(keys)).contains(ADMIN_KEY, second).doesNotContain(key);
        }
    }

    @Test
    void onlyTheSeatsOwnBrowserMaySetItsKeyAndABadKeyIsTheFormAgainWithTheFix(@TempDir Path machineDir) throws Exception {
        allocator.insertReadyMachines(1);
        ParticipantBrowser ada = new ParticipantBrowser(allocator);
        String seat = ada.claimSeat("ada@example.org");

        ParticipantBrowser stranger = new ParticipantBrowser(allocator);
        HttpResponse<String> refused = stranger.post(seat + "/ssh-key", Map.of("ssh_public_key", SshPublicKeysTest.KEYGEN_ED25519));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("This seat opens only in the browser that claimed it");
        assertThat(ada.postRaw(seat + "/ssh-key", Map.of("ssh_public_key", SshPublicKeysTest.KEYGEN_ED25519)).statusCode())
                .as("without the form's CSRF token").isEqualTo(403);

        HttpResponse<String> weak = ada.post(seat + "/ssh-key", Map.of("ssh_public_key", SshKeyLines.rsa(1024, "old")));
        assertThat(weak.statusCode()).isEqualTo(400);
        assertThat(weak.body()).contains("this RSA key has 1024 bits, too few to be safe");

        HttpResponse<String> secret = ada.post(seat + "/ssh-key", Map.of("ssh_public_key", SshPublicKeysTest.PRIVATE_KEY));
        assertThat(secret.statusCode()).isEqualTo(400);
        assertThat(secret.body()).contains("never paste or share it").doesNotContain("b3BlbnNzaC1rZXktdjE");

        assertThat(allocator.jdbc.sql("SELECT count(*) FROM claims WHERE ssh_public_key IS NOT NULL").query(Long.class).single()).isZero();
    }

    @Test
    void anAppsButtonIsGreyedUntilItsPortAnswersThenLive(@TempDir Path machineDir) throws Exception {
        try (RunningAgent agent = RunningAgent.onNewMachine(allocator, machineDir)) {
            ParticipantBrowser ada = new ParticipantBrowser(allocator);
            String seat = ada.claimSeat("ada@example.org");
            await().atMost(Duration.ofSeconds(20)).until(() -> allocator.jdbc.sql(
                    "SELECT count(*) FROM machines WHERE last_heartbeat -> 'ready_ports' IS NOT NULL").query(Long.class).single() == 1);
            assertThat(ada.get(seat + "/status").body())
                    .contains("class=\"button app waiting\"").doesNotContain("href=\"/m/");

            try (ServerSocket app = new ServerSocket(appPort)) {
                String link = "href=\"/m/" + agent.machineName + "/jupyter/\"";
                await().atMost(Duration.ofSeconds(20)).until(() -> ada.get(seat + "/status").body().contains(link));
                assertThat(ada.get(seat + "/status").body()).doesNotContain("waiting");
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> ada.get(seat + "/status").body().contains("button app waiting"));
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
