package dev.lablink.server.participant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lablink.server.Browser;
import dev.lablink.server.OwnAllocatorTestBase;
import dev.lablink.server.RunningAgent;
import dev.lablink.server.TestAllocator;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** In a real browser, on a phone: the app's button turns on by itself when the app answers, and the ssh command is there to copy. */
class SeatAppsBrowserTest extends OwnAllocatorTestBase {
    @TempDir
    static Path dataDir;
    static int appPort;
    static Browser browser;

    @BeforeAll
    static void start() throws IOException {
        appPort = SeatSshTest.freePort();
        allocator = TestAllocator.start(dataDir, """
                connect:
                  method: apps
                session:
                  apps:
                    - {name: jupyter, port: %d, label: Jupyter}
                  ssh: {port: %d, authorized_keys: "{work_dir}/.ssh/authorized_keys"}
                """.formatted(appPort, SeatSshTest.freePort()));
        browser = Browser.open(allocator);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void theAppsButtonIsGreyedUntilTheAppAnswersThenLiveWithoutAReload(@TempDir Path machineDir) throws Exception {
        try (RunningAgent agent = RunningAgent.onNewMachine(allocator, machineDir)) {
            browser.resize(390, 844); // a phone
            browser.go("/");
            browser.find("#email").sendKeys("ada@example.org");
            browser.click("form.card button[type=submit]");
            browser.waitFor(d -> d.getCurrentUrl().contains("/seat/"));

            assertThat(browser.text("#seat-status .button.app.waiting")).startsWith("Jupyter");
            assertThat(browser.attribute("#seat-status .button.app.waiting", "aria-disabled")).isEqualTo("true");
            assertThat(browser.text("#ssh-command")).startsWith("lablink ssh --url ").contains(" --seat lls_")
                    .endsWith(" " + agent.machineName);
            assertThat(browser.overflowsSideways()).isFalse();
            browser.screenshot("seat-page-apps-starting-phone");
            browser.driver.executeScript("document.getElementById('ssh').scrollIntoView()");
            browser.screenshot("seat-page-ssh-phone");
            browser.markDocument();

            try (ServerSocket app = new ServerSocket(appPort)) {
                String href = browser.waitFor(d -> browser.attribute("#seat-status a.button.app", "href"));
                assertThat(href).isEqualTo("/m/" + agent.machineName + "/jupyter/");
                assertThat(browser.sameDocument()).as("turned on without a reload").isTrue();
                assertThat(browser.overflowsSideways()).isFalse();
                browser.screenshot("seat-page-apps-phone");
            }
        } finally {
            browser.resize(1280, 860);
        }
    }

    @Test
    void theAdminsMachinePageShowsTheSameAppLinksAndTheSshCommand(@TempDir Path machineDir) throws Exception {
        try (RunningAgent agent = RunningAgent.onNewMachine(allocator, machineDir); ServerSocket app = new ServerSocket(appPort)) {
            browser.logIn(TestAllocator.ADMIN_PASSWORD);
            browser.waitFor(d -> {
                browser.go("/admin/machines/" + agent.machineName);
                return !browser.driver.findElements(org.openqa.selenium.By.cssSelector("a.button.app")).isEmpty();
            });
            assertThat(browser.attribute("a.button.app", "href")).isEqualTo("/m/" + agent.machineName + "/jupyter/");
            assertThat(browser.text("#ssh-command")).isEqualTo("lablink ssh " + agent.machineName);
        }
    }
}
