package dev.lablink.server.participant;

import static dev.lablink.server.ParticipantBrowser.location;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lablink.server.OwnAllocatorTestBase;
import dev.lablink.server.ParticipantBrowser;
import dev.lablink.server.TestAllocator;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Email mode with Chrome Remote Desktop: the command (whose code expires in minutes) is asked for after the mail, not before. */
class EmailModeCrdTest extends OwnAllocatorTestBase {
    @TempDir
    static Path dataDir;
    static MailServer mail;

    @BeforeAll
    static void start() {
        mail = new MailServer();
        allocator = TestAllocator.start(dataDir, "participants: {access: email}\nconnect: {method: crd}\n" + mail.yaml());
    }

    @AfterAll
    static void stopMail() {
        mail.close();
    }

    @Test
    void afterSignInTheCommandIsAskedForCheckedAndTheSeatShowsThePin() {
        allocator.insertReadyMachines(1);
        ParticipantBrowser ada = new ParticipantBrowser(allocator);
        ada.post("/claim", Map.of("email", "ada@example.org"));
        String link = URI.create(mail.linkFor("ada@example.org")).getPath();
        HttpResponse<String> signedIn = ada.postRaw(link, Map.of("_csrf", ada.csrfToken()));

        HttpResponse<String> asked = ada.get(location(signedIn));

        assertThat(asked.statusCode()).isEqualTo(200);
        assertThat(asked.body()).contains("You are signed in as").contains("ada@example.org").contains("Chrome Remote Desktop command");
        assertThat(allocator.jdbc.sql("SELECT count(*) FROM claims").query(Integer.class).single()).isZero();
        HttpResponse<String> bad = ada.post("/seat/claim", Map.of("crd_command", "--code=$(id)"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("but it has &#39;$&#39;");

        HttpResponse<String> claimed = ada.post("/seat/claim", Map.of("crd_command", "start-host --code=\"4/0AeanS0a\" --name=$(hostname)"));

        assertThat(claimed.statusCode()).isEqualTo(302);
        assertThat(ada.get(location(claimed)).body()).containsPattern("PIN: <strong class=\"pin\">\\d{6}</strong>");
    }
}
