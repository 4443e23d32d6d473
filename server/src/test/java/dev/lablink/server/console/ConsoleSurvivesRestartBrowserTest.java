package dev.lablink.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lablink.server.Browser;
import dev.lablink.server.TestAllocator;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/** An open console page outlives an allocator restart: it reconnects by itself, and the admin stays logged in. */
class ConsoleSurvivesRestartBrowserTest {

    @Test
    void theOpenMachinesPageReconnectsAfterARestartAndTheSessionIsKept(@TempDir Path dataDir) {
        TestAllocator first = TestAllocator.start(dataDir, 0);
        int port = first.port;
        try (Browser browser = Browser.open(first)) {
            browser.logIn(TestAllocator.ADMIN_PASSWORD);
            browser.waitFor(d -> d.getCurrentUrl().endsWith("/admin"));
            browser.go("/admin/machines");
            browser.markDocument();

            first.stop();
            TestAllocator second = TestAllocator.start(dataDir, port);
            try {
                second.insertReadyMachines(1);

                browser.waitFor(d -> !d.findElements(By.cssSelector("#machines-table tbody tr[data-machine]")).isEmpty());
                assertThat(browser.sameDocument()).as("the page updated itself after the restart").isTrue();
                browser.go("/admin/events");
                assertThat(browser.driver.getCurrentUrl()).as("still logged in").endsWith("/admin/events");
            } finally {
                second.reset();
                second.stop();
            }
        } catch (RuntimeException e) {
            if (first.context.isActive()) {
                first.stop();
            }
            throw e;
        }
    }
}
