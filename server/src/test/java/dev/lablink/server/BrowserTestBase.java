package dev.lablink.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** One browser per test class on the shared allocator; each test starts with no machines and no cookies. */
public abstract class BrowserTestBase {
    protected static final TestAllocator allocator = TestAllocator.shared();
    protected static Browser browser;

    @BeforeAll
    static void openBrowser() {
        browser = Browser.open(allocator);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }

    /**
     * Leaves the last test's page for a static one first: a live page still open would refetch
     * as the reset destroys machines, and a fetch answered after the cookies are gone sets a new
     * CSRF cookie that no longer matches the next form. (Cookies can only be deleted from a page
     * of the allocator's own site.)
     */
    @BeforeEach
    void startClean() {
        browser.go("/js/lablink.js");
        allocator.reset();
        browser.driver.manage().deleteAllCookies();
    }

    @AfterEach
    void destroyMachines() {
        allocator.reset();
    }
}
