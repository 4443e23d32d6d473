package dev.lablink.server.participant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lablink.server.Browser;
import dev.lablink.server.OwnAllocatorTestBase;
import dev.lablink.server.TestAllocator;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sign-in link flow in a real browser, with the mail read back from a real SMTP server. */
class EmailLinkBrowserTest extends OwnAllocatorTestBase {
    @TempDir
    static Path dataDir;
    static MailServer mail;
    static Browser browser;

    @BeforeAll
    static void start() {
        mail = new MailServer();
        allocator = TestAllocator.start(dataDir, "participants: {access: email}\n" + mail.yaml());
        browser = Browser.open(allocator);
    }

    @AfterAll
    static void stopBrowserAndMail() {
        if (browser != null) {
            browser.close();
        }
        mail.close();
    }

    @Test
    void theMailedLinkOpensTheSeatInThisBrowserAndNowhereElse() {
        String machine = allocator.createReadyMachines(1).getFirst();
        browser.go("/");
        browser.find("#email").sendKeys("ada@example.org");
        browser.click("form.card button[type=submit]");

        browser.waitFor(d -> browser.text("h1").equals("Check your mail"));
        assertThat(browser.text("main")).contains("If this address may claim a seat here, a sign-in link is on its way");
        String link = mail.linkFor("ada@example.org");
        browser.driver.get(link);
        assertThat(browser.text("form.card button")).isEqualTo("Continue as ada@example.org");
        browser.click("form.card button[type=submit]");

        browser.waitFor(d -> d.getCurrentUrl().contains("/seat/"));
        assertThat(browser.text(".machine-name")).isEqualTo(machine);
        String seatPage = browser.driver.getCurrentUrl();

        browser.driver.get(link); // the link again, e.g. from the mail a second time
        assertThat(browser.text("h1")).contains("410");
        browser.driver.manage().deleteAllCookies(); // another browser
        browser.driver.get(seatPage);
        assertThat(browser.text("h1")).contains("403");
        assertThat(browser.text("main")).doesNotContain(machine);
    }
}
