package dev.lablink.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lablink.core.machine.MachineState;
import dev.lablink.server.BrowserTestBase;
import dev.lablink.server.TestAllocator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The admin console in a real browser: login, create, watch, destroy, and the doors it keeps shut. */
class AdminConsoleBrowserTest extends BrowserTestBase {

    private List<WebElement> rows() {
        return browser.driver.findElements(By.cssSelector("#machines-table tbody tr[data-machine]"));
    }

    private String stateOfRow(String machine) {
        return browser.attribute("#machines-table tr[data-machine='" + machine + "']", "data-state");
    }

    @Test
    void adminCreatesTwoMachinesWatchesThemBecomeReadyWithoutReloadingAndDestroysOne() {
        browser.logIn(TestAllocator.ADMIN_PASSWORD);
        browser.waitFor(d -> d.getCurrentUrl().endsWith("/admin"));

        browser.go("/admin/machines/new");
        browser.find("#count").clear();
        browser.find("#count").sendKeys("2");
        browser.click("form.card button[type=submit]");

        browser.waitFor(d -> d.getCurrentUrl().contains("/admin/batches/"));
        browser.markDocument();
        browser.waitFor(d -> browser.text("#batch-progress .summary").startsWith("2 of 2 ready"));
        assertThat(browser.sameDocument()).as("the progress view updated itself").isTrue();
        assertThat(browser.driver.findElements(By.cssSelector("#batch-progress li[data-state=READY]"))).hasSize(2);

        browser.go("/admin/machines");
        assertThat(rows()).hasSize(2);
        String first = browser.attribute("#machines-table tbody tr[data-machine]:nth-child(1)", "data-machine");
        String second = browser.attribute("#machines-table tbody tr[data-machine]:nth-child(2)", "data-machine");
        assertThat(stateOfRow(first)).isEqualTo("READY");
        browser.screenshot("admin-machines");
        browser.resize(390, 844); // the table becomes one card per machine on a phone
        try {
            assertThat(browser.overflowsSideways()).isFalse();
        } finally {
            browser.resize(1280, 860);
        }

        browser.click("#machines-table tr[data-machine='" + first + "'] button.danger");
        browser.driver.switchTo().alert().accept();

        browser.waitFor(d -> browser.text(".notice").contains("Destroying " + first));
        browser.markDocument();
        browser.waitFor(d -> "TERMINATED".equals(stateOfRow(first)));
        assertThat(browser.sameDocument()).as("the table updated itself").isTrue();
        assertThat(stateOfRow(second)).isEqualTo("READY");
        assertThat(allocator.stateOf(first)).isEqualTo(MachineState.TERMINATED);
        assertThat(allocator.stateOf(second)).isEqualTo(MachineState.READY);
    }

    @Test
    void theTableShowsMachinesAppearingAndTheirClaimsLive() {
        browser.logIn(TestAllocator.ADMIN_PASSWORD);
        browser.go("/admin/machines");
        browser.markDocument();
        assertThat(rows()).isEmpty();

        allocator.insertReadyMachines(1);
        browser.waitFor(d -> rows().size() == 1);
        String machine = browser.attribute("#machines-table tbody tr[data-machine]", "data-machine");
        allocator.anonymous("POST", "/api/v1/claims", "{\"email\":\"hopper@example.org\"}");

        browser.waitFor(d -> "ASSIGNED".equals(stateOfRow(machine)));
        assertThat(browser.text("#machines-table tr[data-machine='" + machine + "']")).contains("hopper@example.org");
        assertThat(browser.sameDocument()).isTrue();
    }

    @Test
    void aMachinesLogIsFollowedLiveSearchedAndDownloaded() {
        String token = allocator.insertReadyMachines(1).getFirst();
        String machine = allocator.jdbc.sql("SELECT name FROM machines").query(String.class).single();
        allocator.agent("POST", "/api/v1/agent/logs", "{\"lines\":[{\"stream\":\"session\",\"seq\":0,\"text\":\"hello from the session\"}]}", token);
        browser.logIn(TestAllocator.ADMIN_PASSWORD);
        browser.go("/admin/machines");
        browser.click("#machines-table a[aria-label='Logs of " + machine + "']");

        browser.waitFor(d -> browser.text("#log").contains("hello from the session"));
        browser.markDocument();
        allocator.agent("POST", "/api/v1/agent/logs", "{\"lines\":[{\"stream\":\"startup\",\"seq\":0,\"text\":\"pip install done\"}]}", token);
        browser.waitFor(d -> browser.text("#log").contains("pip install done"));
        assertThat(browser.sameDocument()).as("the new line arrived live").isTrue();

        browser.find("#q").sendKeys("pip");
        browser.click("form[role=search] button");
        browser.waitFor(d -> d.getCurrentUrl().contains("q=pip"));
        assertThat(browser.text("#log")).contains("pip install done").doesNotContain("hello from the session");
        assertThat(browser.attribute("a[download]", "href")).startsWith("/admin/machines/" + machine + "/logs.txt?").contains("q=pip");
    }

    @Test
    void aMachinesPageChartsItsGpus() {
        String token = allocator.insertReadyMachines(1).getFirst();
        String machine = allocator.jdbc.sql("SELECT name FROM machines").query(String.class).single();
        for (int temperature : new int[] {60, 70, 89}) {
            allocator.agent("POST", "/api/v1/agent/gpu", """
                    {"status":"ok","gpus":[{"index":0,"name":"NVIDIA A100-SXM4-40GB","utilization_gpu":97,"memory_used_mib":30245,
                     "memory_total_mib":40960,"temperature_c":%d,"ecc_uncorrected":0,"throttle_reasons":%d}]}
                    """.formatted(temperature, temperature > 85 ? 0x60 : 0), token);
        }
        browser.logIn(TestAllocator.ADMIN_PASSWORD);
        browser.go("/admin/machines");
        assertThat(browser.text("#machines-table tr[data-machine='" + machine + "']")).contains("DEGRADED").contains("thermal throttling");

        browser.click("#machines-table a[href='/admin/machines/" + machine + "']");

        browser.waitFor(d -> "3".equals(browser.attribute("#gpu-charts", "data-points")));
        assertThat(browser.driver.findElements(By.cssSelector("#gpu-charts figure canvas"))).hasSize(3);
        assertThat(browser.text("main")).contains("GPU 0: thermal throttling; GPU 0: 89 °C (limit 85 °C)");
        browser.screenshot("admin-machine-gpu");
    }

    @Test
    void aWrongPasswordIsRefused() {
        browser.logIn("not-the-password");

        browser.waitFor(d -> d.getCurrentUrl().endsWith("/admin/login?error"));
        assertThat(browser.text(".problem")).isEqualTo("Wrong user name or password.");
        browser.go("/admin/machines");
        assertThat(browser.driver.getCurrentUrl()).endsWith("/admin/login");
    }

    @Test
    void destroyAllNeedsTheTypedConfirmation() {
        List<String> tokens = allocator.insertReadyMachines(2);
        assertThat(tokens).hasSize(2);
        browser.logIn(TestAllocator.ADMIN_PASSWORD);
        browser.go("/admin/machines");

        browser.find("#confirm").sendKeys("yes");
        browser.click(".danger-zone button");

        assertThat(browser.text(".problem")).contains("Nothing was destroyed").contains("destroy all");
        assertThat(allocator.jdbc.sql("SELECT count(*) FROM machines WHERE state = 'READY'").query(Integer.class).single()).isEqualTo(2);

        browser.find("#confirm").sendKeys("destroy all");
        browser.click(".danger-zone button");

        assertThat(browser.text(".notice")).isEqualTo("Destroying all 2 machines.");
        browser.waitFor(d -> rows().stream().allMatch(row -> "TERMINATED".equals(row.getDomAttribute("data-state"))));
    }

    @Test
    void aFormPostWithoutTheCsrfTokenIsRefused() {
        allocator.insertReadyMachines(1);
        browser.logIn(TestAllocator.ADMIN_PASSWORD);
        browser.go("/admin/machines");

        // A form as another site would post it: the admin's session cookie goes along, the token cannot.
        browser.driver.executeScript("""
                const form = document.createElement('form');
                form.method = 'post';
                form.action = '/admin/machines/destroy-all';
                const confirm = document.createElement('input');
                confirm.name = 'confirm';
                confirm.value = 'destroy all';
                form.appendChild(confirm);
                document.body.appendChild(form);
                form.submit();
                """);

        browser.waitFor(d -> browser.text("h1").startsWith("403"));
        assertThat(browser.text("main")).contains("security token");
        assertThat(allocator.jdbc.sql("SELECT count(*) FROM machines WHERE state = 'READY'").query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void aTierTheProviderCannotServeIsExplainedOnTheCreateFormAndCreatesNothing() {
        browser.logIn(TestAllocator.ADMIN_PASSWORD);
        browser.waitFor(d -> d.getCurrentUrl().endsWith("/admin"));
        browser.go("/admin/machines/new");

        new org.openqa.selenium.support.ui.Select(browser.find("#tier")).selectByValue("H100_OR_LESS");
        browser.click("form.card button[type=submit]");

        browser.waitFor(d -> !browser.driver.findElements(By.cssSelector(".problem")).isEmpty());
        assertThat(browser.text(".problem")).contains("tier H100_OR_LESS has no machine types at local", "machine.choices");
        assertThat(browser.attribute("#tier", "aria-invalid")).isEqualTo("true");
        assertThat(allocator.jdbc.sql("SELECT count(*) FROM machines").query(Integer.class).single()).isZero();
    }
}
