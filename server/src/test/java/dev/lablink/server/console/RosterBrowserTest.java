package dev.lablink.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lablink.server.BrowserTestBase;
import dev.lablink.server.TestAllocator;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/** The roster page in a real browser: a refused upload lists its rows by line, a good one fills the list. */
class RosterBrowserTest extends BrowserTestBase {
    @TempDir
    Path dir;

    @Test
    void anAdminUploadsARosterFixesTheBadRowAndRemovesOnePerson() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.csv"), "email,name,group\nada@uni.edu,Ada Lovelace,Monday\nbob@,Bob,Monday\n");
        Path good = Files.writeString(dir.resolve("good.csv"), """
                email,name,group
                ada@uni.edu,Ada Lovelace,Monday
                grace@uni.edu,"Hopper, Grace",Tuesday
                alan@example.org,Alan Turing,
                """);
        browser.logIn(TestAllocator.ADMIN_PASSWORD);
        browser.go("/admin/roster");
        assertThat(browser.text("#roster-mode-note")).contains("participants.access: roster");

        browser.find("#file").sendKeys(bad.toString());
        browser.click("form.card button[type=submit]");
        browser.waitFor(d -> !d.findElements(By.cssSelector("#row-problems")).isEmpty());
        assertThat(browser.text("#row-problems")).isEqualTo("line 3: email 'bob@' is not an email address; write it like name@example.org");
        assertThat(browser.text(".problem[role=alert]")).startsWith("Nothing was imported");

        browser.find("#file").sendKeys(good.toString());
        browser.click("form.card button[type=submit]");
        browser.waitFor(d -> !d.findElements(By.cssSelector(".notice[role=status]")).isEmpty());
        assertThat(browser.text(".notice[role=status]")).isEqualTo("Roster imported: 3 people in the file: 3 added, 0 updated, 0 unchanged.");
        assertThat(browser.driver.findElements(By.cssSelector("#roster-table tbody tr"))).hasSize(3);
        browser.screenshot("admin-roster");
        browser.resize(390, 844);
        try {
            assertThat(browser.overflowsSideways()).isFalse();
        } finally {
            browser.resize(1280, 860);
        }

        browser.click("button[aria-label='Remove alan@example.org']");
        browser.driver.switchTo().alert().accept();
        browser.waitFor(d -> browser.text(".notice[role=status]").contains("alan@example.org was taken off the roster"));
        assertThat(browser.driver.findElements(By.cssSelector("#roster-table tbody tr"))).hasSize(2);
        assertThat(browser.policyViolations()).isEmpty();
    }
}
