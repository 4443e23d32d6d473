package dev.lablink.server.participant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lablink.server.OwnAllocatorTestBase;
import dev.lablink.server.ParticipantBrowser;
import dev.lablink.server.TestAllocator;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Roster mode with mail: the page says the same to everyone, so it never tells who is on the roster; only the listed get mail. */
class RosterWithMailTest extends OwnAllocatorTestBase {
    @TempDir
    static Path dataDir;
    static MailServer mail;

    @BeforeAll
    static void start() {
        mail = new MailServer();
        allocator = TestAllocator.start(dataDir, "participants: {access: roster}\n" + mail.yaml());
        allocator.jdbc.sql("INSERT INTO roster (email, name) VALUES ('ada@example.org', 'Ada Lovelace')").update();
    }

    @AfterAll
    static void stopMail() {
        mail.close();
    }

    @Test
    void listedAndUnlistedGetTheSameAnswerAndOnlyTheListedGetsMail() {
        allocator.insertReadyMachines(1);

        HttpResponse<String> listed = new ParticipantBrowser(allocator).claim("ada@example.org");
        HttpResponse<String> unlisted = new ParticipantBrowser(allocator).claim("mallory@example.org");

        assertThat(unlisted.statusCode()).isEqualTo(listed.statusCode()).isEqualTo(200);
        assertThat(unlisted.body().replace("mallory@example.org", "EMAIL").replaceAll("name=\"_csrf\" value=\"[^\"]+\"", ""))
                .isEqualTo(listed.body().replace("ada@example.org", "EMAIL").replaceAll("name=\"_csrf\" value=\"[^\"]+\"", ""));
        assertThat(listed.body()).contains("If this address may claim a seat here, a sign-in link is on its way");
        assertThat(mail.recipients()).containsExactly("ada@example.org");
        assertThat(allocator.jdbc.sql("SELECT count(*) FROM claims").query(Integer.class).single()).isZero();
    }
}
