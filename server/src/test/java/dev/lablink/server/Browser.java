package dev.lablink.server;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Debian Chromium driven by Selenium, pointed at the shared test allocator. No browser
 * is downloaded: it uses {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver} (apt packages
 * chromium and chromium-driver). Without them the browser tests are skipped with a message, unless
 * {@code LABLINK_REQUIRE_BROWSER=1} (set by CI), where they fail instead.
 */
public final class Browser implements AutoCloseable {
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("LABLINK_CHROMIUM", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("LABLINK_CHROMEDRIVER", "/usr/bin/chromedriver"));
    private static final Duration WAIT = Duration.ofSeconds(60);

    public final ChromeDriver driver;
    private final TestAllocator allocator;

    private Browser(ChromeDriver driver, TestAllocator allocator) {
        this.driver = driver;
        this.allocator = allocator;
    }

    public static Browser open(TestAllocator allocator) {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        String missing = "browser tests need " + CHROMIUM + " and " + CHROMEDRIVER + ": apt-get install chromium chromium-driver";
        if (!present && "1".equals(System.getenv("LABLINK_REQUIRE_BROWSER"))) {
            throw new IllegalStateException(missing);
        }
        Assumptions.assumeTrue(present, missing);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage");
        // the console log, so tests can see what the page's Content-Security-Policy refused
        options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(1280, 860));
        return new Browser(driver, allocator);
    }

    public void go(String path) {
        driver.get(allocator.uri(path).toString());
    }

    /** Logs in on the console's login form as {@code admin}, and waits for the answer (the console, or the form with an error). */
    public void logIn(String password) {
        go("/admin/login");
        find("#username").clear();
        find("#username").sendKeys("admin");
        find("#password").sendKeys(password);
        click("form.card button[type=submit]");
        waitFor(d -> !d.getCurrentUrl().endsWith("/admin/login"));
    }

    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    /** Waits for a condition that the page must reach by itself (live updates, redirects). */
    public <T> T waitFor(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, WAIT).pollingEvery(Duration.ofMillis(100))
                .ignoring(StaleElementReferenceException.class)
                .ignoring(NoSuchElementException.class)
                .until(condition);
    }

    /** The element's text; live pages swap elements at any moment, so a stale read is simply retried. */
    public String text(String css) {
        return waitFor(d -> find(css).getText());
    }

    public void click(String css) {
        waitFor(d -> {
            find(css).click();
            return true;
        });
    }

    public String attribute(String css, String name) {
        return waitFor(d -> java.util.Objects.requireNonNullElse(find(css).getDomAttribute(name), ""));
    }

    /** Marks the current document; {@link #sameDocument()} then tells whether it was never reloaded. */
    public void markDocument() {
        driver.executeScript("window.__lablinkMark = 'not reloaded';");
    }

    public boolean sameDocument() {
        return "not reloaded".equals(driver.executeScript("return window.__lablinkMark;"));
    }

    /**
     * Saves a screenshot as {@code <name>.png} under {@code LABLINK_SCREENSHOTS_DIR} (the README's
     * come from {@code docs/screenshots}), else under {@code target/screenshots}.
     */
    public void screenshot(String name) {
        Path dir = Path.of(System.getenv().getOrDefault("LABLINK_SCREENSHOTS_DIR", "target/screenshots"));
        try {
            Files.createDirectories(dir);
            File shot = driver.getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), dir.resolve(name + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException("could not save screenshot " + name, e);
        }
    }

    public void resize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /** Whether the page needs sideways scrolling: on a phone-sized window it must not. */
    public boolean overflowsSideways() {
        return (Boolean) driver.executeScript("return document.documentElement.scrollWidth > window.innerWidth;");
    }

    /** Console messages since the last call that report a refusal by the Content-Security-Policy. */
    public java.util.List<String> policyViolations() {
        return driver.manage().logs().get("browser").getAll().stream().map(entry -> entry.getMessage())
                .filter(message -> message.contains("Content Security Policy") || message.contains("Content-Security-Policy"))
                .toList();
    }

    @Override
    public void close() {
        driver.quit();
    }
}
