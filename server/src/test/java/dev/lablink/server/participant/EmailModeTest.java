package dev.lablink.server.participant;

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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** participants.access email, against a real SMTP server: the seat appears only once the mailed link is used. */
class EmailModeTest extends OwnAllocatorTestBase {
    @TempDir
    static Path dataDir;
    static MailServer mail;

    @BeforeAll
    static void start() {
        mail = new MailServer();
        allocator = TestAllocator.start(dataDir, "participants: {access: email, link_minutes: 20}\n" + mail.yaml());
    }

    @AfterAll
    static void stopMail() {
        mail.close();
    }

    @BeforeEach
    void clean() {
        mail.purge();
        allocator.jdbc.sql("DELETE FROM sign_in_links").update();
    }

    private static String path(String link) {
        return URI.create(link).getPath();
    }

    /** Posts the link's "Continue as …" form (its CSRF token is the browser's, as on every page). */
    private static HttpResponse<String> confirm(ParticipantBrowser browser, String link) {
        return browser.postRaw(path(link), Map.of("_csrf", browser.csrfToken()));
    }

    @Test
    void claimingMailsALinkAndOpeningItInTheBrowserGivesTheSeat() {
        allocator.insertReadyMachines(1);
        ParticipantBrowser ada = new ParticipantBrowser(allocator);

        HttpResponse<String> asked = ada.claim("Ada@Example.org");

        assertThat(asked.statusCode()).isEqualTo(200);
        assertThat(asked.body()).contains("Check your mail").contains("If this address may claim a seat here, a sign-in link is on its way");
        assertThat(allocator.jdbc.sql("SELECT count(*) FROM claims").query(Integer.class).single()).as("no seat before the link").isZero();
        assertThat(mail.recipients()).containsExactly("ada@example.org");
        String text = MailServer.body(mail.received().getFirst());
        assertThat(text).contains("expires in 20 minutes").contains("If you did not ask for it, ignore this mail");
        String link = mail.linkFor("ada@example.org");
        assertThat(link).startsWith("http://127.0.0.1:" + allocator.port + "/signin/");

        // a mail scanner fetching the link does not use it up
        assertThat(new ParticipantBrowser(allocator).get(path(link)).statusCode()).isEqualTo(200);
        HttpResponse<String> page = ada.get(path(link));
        assertThat(page.body()).contains("Continue as ada@example.org");
        HttpResponse<String> signedIn = ada.postRaw(path(link), Map.of("_csrf", ParticipantBrowser.csrfTokenIn(page.body())));
        assertThat(signedIn.statusCode()).isEqualTo(302);
        HttpResponse<String> claimed = ada.get(URI.create(signedIn.headers().firstValue("Location").orElseThrow()).getPath());
        String seatPage = URI.create(claimed.headers().firstValue("Location").orElseThrow()).getPath();

        assertThat(seatPage).matches("/seat/[A-Za-z0-9_-]{22}");
        assertThat(ada.get(seatPage).body()).contains("ada@example.org").contains("Release my seat");
        assertThat(new ParticipantBrowser(allocator).get(seatPage).statusCode()).isEqualTo(403);
        assertThat(ada.claim("ada@example.org").headers().firstValue("Location").orElse("")).endsWith(seatPage);
    }

    @Test
    void aLinkWorksOnceAndAReplayIs410() {
        allocator.insertReadyMachines(1);
        ParticipantBrowser grace = new ParticipantBrowser(allocator);
        grace.claim("grace@example.org");
        String link = mail.linkFor("grace@example.org");
        assertThat(confirm(grace, link).statusCode()).isEqualTo(302);

        HttpResponse<String> replayed = confirm(new ParticipantBrowser(allocator), link);

        assertThat(replayed.statusCode()).isEqualTo(410);
        assertThat(replayed.body()).contains("This link was already used");
        assertThat(new ParticipantBrowser(allocator).get(path(link)).statusCode()).isEqualTo(410);
    }

    @Test
    void anExpiredLinkIs410AndAnUnknownOne404() {
        ParticipantBrowser lin = new ParticipantBrowser(allocator);
        lin.claim("lin@example.org");
        String link = mail.linkFor("lin@example.org");
        allocator.jdbc.sql("UPDATE sign_in_links SET created_at = now() - interval '21 minutes', expires_at = now() - interval '1 minute'").update();

        HttpResponse<String> expired = lin.get(path(link));

        assertThat(expired.statusCode()).isEqualTo(410);
        assertThat(expired.body()).contains("This link expired; request a new one");
        assertThat(lin.postRaw(path(link), Map.of("_csrf", lin.csrfToken())).statusCode()).isEqualTo(410);
        assertThat(lin.get("/signin/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA").statusCode()).isEqualTo(404);
        assertThat(allocator.jdbc.sql("SELECT count(*) FROM claims").query(Integer.class).single()).isZero();
    }

    @Test
    void askingAgainAtOnceMailsNothingMoreAndSaysWhenToRetry() {
        ParticipantBrowser bob = new ParticipantBrowser(allocator);
        bob.claim("bob@example.org");

        HttpResponse<String> again = bob.claim("bob@example.org");

        assertThat(again.statusCode()).isEqualTo(429);
        assertThat(again.headers().firstValue("Retry-After")).isPresent();
        assertThat(again.body()).contains("mailed to this address moments ago");
        assertThat(mail.recipients()).containsExactly("bob@example.org");
    }
}
