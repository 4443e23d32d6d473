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

/** Open mode with mail set: a participant on a new browser gets back to their seat through a sign-in link to their address. */
class OpenModeWithMailTest extends OwnAllocatorTestBase {
    @TempDir
    static Path dataDir;
    static MailServer mail;

    @BeforeAll
    static void start() {
        mail = new MailServer();
        allocator = TestAllocator.start(dataDir, "participants: {access: open}\n" + mail.yaml());
    }

    @AfterAll
    static void stopMail() {
        mail.close();
    }

    @Test
    void theEmailsOwnerOnAnotherBrowserIsOfferedALinkThatLeadsBackToTheSeat() {
        allocator.insertReadyMachines(2);
        String seatPage = new ParticipantBrowser(allocator).claimSeat("ada@example.org");
        assertThat(mail.received()).as("open mode claims without mail").isEmpty();
        ParticipantBrowser laptop = new ParticipantBrowser(allocator);

        HttpResponse<String> taken = laptop.claim("ada@example.org");
        assertThat(taken.statusCode()).isEqualTo(409);
        assertThat(taken.body()).contains("or have a sign-in link mailed to this address").contains("Mail me a sign-in link");
        HttpResponse<String> sent = laptop.post("/claim", Map.of("email", "ada@example.org", "send_link", "yes"));
        assertThat(sent.body()).contains("a sign-in link is on its way");

        HttpResponse<String> signedIn = laptop.postRaw(URI.create(mail.linkFor("ada@example.org")).getPath(), Map.of("_csrf", laptop.csrfToken()));
        HttpResponse<String> back = laptop.get(location(signedIn));

        assertThat(location(back)).isEqualTo(seatPage);
        assertThat(laptop.get(seatPage).statusCode()).isEqualTo(200);
        assertThat(allocator.jdbc.sql("SELECT count(*) FROM claims").query(Integer.class).single()).isEqualTo(1);
    }
}
