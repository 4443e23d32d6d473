package dev.lablink.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lablink.server.BrowserTestBase;
import dev.lablink.server.TestAllocator;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** The overview's usage section: "Recalculate usage" finds an orphan, and one click (confirmed) destroys it. */
class UsageBrowserTest extends BrowserTestBase {

    @Test
    void recalculatingUsageShowsAnOrphanThatTheAdminDestroys() throws IOException {
        String name = allocator.createReadyMachines(1).getFirst();
        String providerId = allocator.jdbc.sql("SELECT provider_id FROM machines WHERE name = :name").param("name", name).query(String.class).single();
        // The database gave up on the machine while its process runs on: the provider's instance is now an orphan.
        allocator.jdbc.sql("UPDATE machines SET state = 'FAILED' WHERE name = :name").param("name", name).update();
        try {
            browser.logIn(TestAllocator.ADMIN_PASSWORD);
            browser.waitFor(d -> d.getCurrentUrl().endsWith("/admin"));
            assertThat(browser.text("#usage")).contains("local");

            browser.click("form[action='/admin/reconcile'] button");

            browser.waitFor(d -> browser.text(".notice").startsWith("Usage recalculated"));
            assertThat(browser.text(".notice")).contains("local runs 0, 1 orphans");
            assertThat(browser.text(".orphans")).contains(name, providerId);

            browser.click(".orphans button.danger");
            browser.driver.switchTo().alert().accept();

            browser.waitFor(d -> browser.text(".notice").contains("Destroyed " + providerId));
            assertThat(browser.driver.findElements(By.cssSelector(".orphans"))).isEmpty();
            assertThat(ProcessHandle.of(Long.parseLong(providerId.substring("local:".length()))).map(ProcessHandle::isAlive)).isIn(
                    java.util.Optional.empty(), java.util.Optional.of(false));
            assertThat(allocator.jdbc.sql("SELECT type FROM events ORDER BY id").query(String.class).list())
                    .containsAll(List.of("ORPHAN_FOUND", "ORPHAN_DESTROYED"));
        } finally {
            if (ProcessHandle.of(Long.parseLong(providerId.substring("local:".length()))).map(ProcessHandle::isAlive).orElse(false)) {
                allocator.killMachine(name);
            }
        }
    }
}
