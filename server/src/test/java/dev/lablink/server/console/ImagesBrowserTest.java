package dev.lablink.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lablink.server.Browser;
import dev.lablink.server.TestAllocator;
import dev.lablink.server.images.LocalRegistry;
import dev.lablink.server.images.OciImagePush;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Images page in a real browser: "Rescan images" lists what was pushed; a registry that cannot be reached says so in words. */
class ImagesBrowserTest {
    @TempDir
    static Path dir;
    static LocalRegistry registry;
    static TestAllocator allocator;
    static Browser browser;
    static int nobodyListens;

    @BeforeAll
    static void start() throws Exception {
        LocalRegistry.assumeInstalled();
        registry = LocalRegistry.open(Files.createDirectories(dir.resolve("registry")));
        nobodyListens = LocalRegistry.freePort();
        allocator = TestAllocator.start(Files.createDirectories(dir.resolve("allocator")), """
                images: {rescan_minutes: 0}
                registries:
                  - {name: lab, url: %s}
                  - {name: switched-off, url: http://127.0.0.1:%d}
                """.formatted(registry.url(), nobodyListens));
        browser = Browser.open(allocator);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (allocator != null) {
            allocator.stop();
        }
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void anAdminRescansARegistryAndSeesItsImagesAndTheOtherOnesFailureInWords() throws Exception {
        OciImagePush.Pushed pushed = new OciImagePush(registry.url()).push("workshop/notebook", "2026-12", "notebook");
        browser.logIn(TestAllocator.ADMIN_PASSWORD);
        browser.go("/admin");
        browser.click("#admin-menu a[href='/admin/images']");
        browser.waitFor(d -> d.getCurrentUrl().endsWith("/admin/images"));
        assertThat(browser.text("#registry-lab .scan-outcome")).isEqualTo("never rescanned");

        browser.click("button[aria-label='Rescan images of lab']");
        browser.waitFor(d -> browser.text("#registry-lab .scan-outcome").startsWith("OK"));
        assertThat(browser.text("#registry-lab .scan-outcome")).contains("1 image: 1 new, 0 changed, 0 gone");
        assertThat(browser.text("#images-table tbody")).contains("workshop/notebook").contains("2026-12")
                .contains(pushed.digest().substring(0, 19));

        browser.click("#rescan-all");
        browser.waitFor(d -> browser.text("#registry-switched-off .scan-outcome").startsWith("FAILED"));
        assertThat(browser.text("#registry-switched-off .scan-outcome"))
                .contains("registry 'switched-off' is unreachable at http://127.0.0.1:" + nobodyListens + ": connection refused");
        browser.screenshot("admin-images");
        assertThat(browser.policyViolations()).isEmpty();
    }
}
