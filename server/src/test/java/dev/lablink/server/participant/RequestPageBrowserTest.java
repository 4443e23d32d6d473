package dev.lablink.server.participant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lablink.core.machine.MachineState;
import dev.lablink.server.BrowserTestBase;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** The participant's side in a real browser: the request page, the claim, the seat page. */
class RequestPageBrowserTest extends BrowserTestBase {

    private void requestSeat(String email) {
        browser.go("/");
        browser.find("#email").clear();
        browser.find("#email").sendKeys(email);
        browser.click("form.card button[type=submit]");
    }

    @Test
    void participantClaimsASeatAndSeesTheirMachineAndHowToConnect() {
        String machine = allocator.createReadyMachines(1).getFirst();
        browser.go("/");
        browser.waitFor(d -> browser.text("#seat-count").startsWith("1 of 1 seat free"));
        browser.screenshot("request-page");

        requestSeat("ada@example.org");

        browser.waitFor(d -> d.getCurrentUrl().contains("/seat/"));
        assertThat(browser.text(".machine-name")).isEqualTo(machine);
        assertThat(browser.text("#seat-status")).contains("ada@example.org")
                .contains("Your session runs on this machine by itself");
        assertThat(browser.text("#seat-status button.danger")).isEqualTo("Release my seat");
        // The agent starts the session; the page follows without a reload.
        browser.markDocument();
        browser.waitFor(d -> browser.text("#seat-status .state").contains("Your session is running"));
        assertThat(browser.sameDocument()).isTrue();
        assertThat(allocator.stateOf(machine)).isEqualTo(MachineState.IN_USE);

        browser.resize(390, 844); // a phone
        try {
            assertThat(browser.overflowsSideways()).isFalse();
            browser.screenshot("seat-page-phone");
        } finally {
            browser.resize(1280, 860);
        }
    }

    @Test
    void theSameBrowserTypingItsEmailAgainLandsOnTheSameMachine() {
        allocator.createReadyMachines(2);
        requestSeat("grace@example.org");
        browser.waitFor(d -> d.getCurrentUrl().contains("/seat/"));
        String firstPage = browser.driver.getCurrentUrl();
        String firstMachine = browser.text(".machine-name");

        requestSeat("  Grace@Example.ORG ");

        browser.waitFor(d -> d.getCurrentUrl().contains("/seat/"));
        assertThat(browser.driver.getCurrentUrl()).isEqualTo(firstPage);
        assertThat(browser.text(".machine-name")).isEqualTo(firstMachine);
        browser.go("/seat");
        browser.waitFor(d -> d.getCurrentUrl().equals(firstPage));
        assertThat(allocator.jdbc.sql("SELECT count(*) FROM claims").query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void anotherPersonsEmailDoesNotShowTheirSeatNorItsAddress() {
        String machine = allocator.createReadyMachines(2).getFirst();
        requestSeat("grace@example.org");
        browser.waitFor(d -> d.getCurrentUrl().contains("/seat/"));
        String gracesPage = browser.driver.getCurrentUrl();

        browser.driver.manage().deleteAllCookies(); // someone else, in another browser
        requestSeat("grace@example.org");

        assertThat(browser.text("h1")).isEqualTo("This email already has a seat");
        assertThat(browser.text("main")).contains("Go back to the browser you claimed it in").doesNotContain(machine);
        assertThat(browser.driver.findElements(By.cssSelector("#seat-status"))).isEmpty();

        browser.driver.get(gracesPage); // even with the address, from a leaked link or history
        assertThat(browser.text("h1")).contains("403");
        assertThat(browser.text("main")).contains("opens only in the browser that claimed it").doesNotContain(machine)
                .doesNotContain("grace@example.org");
        assertThat(browser.driver.findElements(By.cssSelector("#seat-status button.danger"))).isEmpty();
        assertThat(allocator.jdbc.sql("SELECT count(*) FROM claims WHERE released_at IS NULL").query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void anInvalidEmailIsExplainedAtTheField() {
        requestSeat("not-an-email");

        assertThat(browser.text("#email-error")).contains("'not-an-email' is not an email address")
                .contains("name@example.org");
        assertThat(browser.attribute("#email", "aria-invalid")).isEqualTo("true");
        assertThat(browser.find("#email").getDomProperty("value")).isEqualTo("not-an-email");
    }

    @Test
    void withNoSeatFreeThePageSaysSoAndTellsWhenOneFreesUp() {
        requestSeat("early@example.org");

        assertThat(browser.text("h1")).isEqualTo("No machine is free right now");
        assertThat(browser.text("#seat-count")).startsWith("0 of 0 seats free");
        assertThat(browser.driver.findElements(By.cssSelector("#seat-notice .notice"))).isEmpty();
        browser.markDocument();

        List<String> tokens = allocator.insertReadyMachines(1);

        assertThat(tokens).hasSize(1);
        browser.waitFor(d -> browser.text("#seat-count").startsWith("1 of 1 seat free"));
        browser.waitFor(d -> browser.text("#seat-notice").contains("A seat is free now"));
        browser.waitFor(d -> browser.text("h1").equals("A seat has freed up"));
        assertThat(browser.sameDocument()).isTrue();
        assertThat(browser.find("#email").getDomProperty("value")).isEqualTo("early@example.org");
    }

    @Test
    void releasingTheSeatEndsItAndAFreshMachineReplacesTheUsedOne() {
        String machine = allocator.createReadyMachines(1).getFirst();
        requestSeat("lin@example.org");
        browser.waitFor(d -> d.getCurrentUrl().contains("/seat/"));

        browser.click("#seat-status button.danger");
        browser.driver.switchTo().alert().accept();

        browser.waitFor(d -> browser.text("#seat-status").contains("This seat has ended: seat released by lin@example.org"));
        browser.waitFor(d -> allocator.stateOf(machine) == MachineState.TERMINATED);
        assertThat(allocator.jdbc.sql("SELECT count(*) FROM machines WHERE state IN ('PROVISIONING', 'BOOTING', 'READY')")
                .query(Integer.class).single()).isEqualTo(1);
    }
}
