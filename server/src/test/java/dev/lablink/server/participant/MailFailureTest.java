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

/** The SMTP server is down: the participant is told, and the admin finds it in the events. */
class MailFailureTest extends OwnAllocatorTestBase {
    @TempDir
    static Path dataDir;

    @BeforeAll
    static void start() {
        int nobodyListens = MailServer.freePort();
        allocator = TestAllocator.start(dataDir, "participants: {access: email}\n"
                + "mail: {host: 127.0.0.1, port: " + nobodyListens + ", security: none, from: lablink@example.org}\n");
    }

    @Test
    void aMailThatCannotBeSentIsShownToTheParticipantAndRecordedForTheAdmin() {
        HttpResponse<String> asked = new ParticipantBrowser(allocator).claim("ada@example.org");

        assertThat(asked.statusCode()).isEqualTo(502);
        assertThat(asked.body()).contains("We could not send the mail: ").contains("Try again or ask the organiser")
                .doesNotContain("Exception");
        String event = allocator.jdbc.sql("SELECT actor || ' ' || message FROM events WHERE type = 'MAIL_FAILED'").query(String.class).single();
        assertThat(event).startsWith("participant:ada@example.org sign-in link to ada@example.org not sent: ");
    }
}
