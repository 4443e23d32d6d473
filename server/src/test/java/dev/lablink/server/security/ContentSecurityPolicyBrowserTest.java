package dev.lablink.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lablink.server.BrowserTestBase;
import dev.lablink.server.TestAllocator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every page works under its Content-Security-Policy: the browser refuses nothing that a page loads or runs. */
class ContentSecurityPolicyBrowserTest extends BrowserTestBase {

    @Test
    void noPageHasAnythingThePolicyRefuses() {
        allocator.insertReadyMachines(1);
        String machine = allocator.jdbc.sql("SELECT name FROM machines").query(String.class).single();
        browser.policyViolations();
        visit("/", true);
        visit("/admin/login", false);
        browser.logIn(TestAllocator.ADMIN_PASSWORD);
        for (String page : List.of("/admin", "/admin/machines", "/admin/events")) {
            visit(page, true);
        }
        for (String page : List.of("/admin/machines/new", "/admin/machines/" + machine, "/admin/machines/" + machine + "/logs")) {
            visit(page, false);
        }
        // the machines filter submits itself from lablink.js, not from an inline handler
        browser.go("/admin/machines");
        browser.find("#state-filter").sendKeys("READY");
        browser.waitFor(d -> d.getCurrentUrl().contains("state=READY"));
        assertThat(browser.policyViolations()).isEmpty();

        // and the check sees a refusal when there is one: an inline style is refused
        browser.driver.executeScript("document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">inline</p>');");
        List<String> refused = browser.waitFor(d -> {
            List<String> now = browser.policyViolations();
            return now.isEmpty() ? null : now;
        });
        assertThat(refused.getFirst()).contains("style");
    }

    /** Loads a page (a live one until its event stream is open, which connect-src must allow) and finds nothing refused. */
    private void visit(String page, boolean live) {
        browser.go(page);
        browser.waitFor(d -> browser.find("main").isDisplayed());
        if (live) {
            browser.waitFor(d -> "open".equals(browser.attribute("body", "data-live")));
        }
        assertThat(browser.policyViolations()).as(page).isEmpty();
    }
}
