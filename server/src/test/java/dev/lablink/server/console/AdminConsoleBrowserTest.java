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
        browser.waitFor(d -> rows().size() == 1);
        assertThat(browser.sameDocument()).as("the table updated itself: the terminated machine left the live view").isTrue();
        assertThat(stateOfRow(second)).isEqualTo("READY");
        assertThat(allocator.stateOf(first)).isEqualTo(MachineState.TERMINATED);
        assertThat(allocator.stateOf(second)).isEqualTo(MachineState.READY);

        browser.click("#machines-table caption a");
        browser.waitFor(d -> rows().size() == 2);
        assertThat(stateOfRow(first)).isEqualTo("TERMINATED");
        assertThat(browser.find("#state-filter").getDomProperty("value")).isEqualTo("ALL");
    }

    @Test
    void atLaptopWidthEachMachineIsOneLineWithItsActionsInView() {
        allocator.insertReadyMachines(8);
        allocator.jdbc.sql("""
                UPDATE machines SET name = 'lablink-workshop-vm-' || id, provider = 'lambda', machine_type = 'gpu_1x_a100_sxm4',
                       region = 'us-east-1', state_reason = 'agent registered after a long boot with a startup script of many steps',
                       assigned_email = 'a.participant.with.a.long.name.' || id || '@university.example.edu', state = 'ASSIGNED'
                """).update();
        browser.resize(1366, 900);
        browser.logIn(TestAllocator.ADMIN_PASSWORD);
        browser.go("/admin/machines");

        assertThat(rows()).hasSize(8);
        @SuppressWarnings("unchecked")
        List<Object> heights = (List<Object>) browser.driver.executeScript(
                "return [...document.querySelectorAll('#machines-table tbody tr')].map(r => r.getBoundingClientRect().height);");
        assertThat(heights).allSatisfy(h -> assertThat(((Number) h).doubleValue()).as("row height in px").isLessThan(60));
        @SuppressWarnings("unchecked")
        List<Object> buttonsInView = (List<Object>) browser.driver.executeScript("""
                return [...document.querySelectorAll('#machines-table tbody .actions button')].map(b => {
                  const r = b.getBoundingClientRect();
                  return r.right <= window.innerWidth && b.scrollWidth <= b.clientWidth;
                });""");
        assertThat(buttonsInView).hasSize(16).containsOnly(true);
        assertThat((Boolean) browser.driver.executeScript(
                "const w = document.querySelector('#machines-table'); return w.scrollWidth <= w.clientWidth;"))
                .as("every column fits without scrolling the table sideways").isTrue();
        browser.screenshot("admin-machines");
    }

    @Test
    void theSearchBoxNarrowsTheTableAsOneTypes() {
        allocator.insertReadyMachines(3);
        allocator.admin("POST", "/api/v1/claims", "{\"email\":\"grace@example.org\"}");
        browser.logIn(TestAllocator.ADMIN_PASSWORD);
        browser.go("/admin/machines");
        assertThat(rows()).hasSize(3);
        browser.markDocument();

        browser.find("#machine-search").sendKeys("grace@");

        browser.waitFor(d -> rows().size() == 1);
        assertThat(browser.text("#machines-table tbody tr")).contains("grace@example.org");
        assertThat(browser.text("#machines-table caption")).contains("matching “grace@”");
        assertThat(browser.sameDocument()).isTrue();
    }

    @Test
    void onAPhoneTheAdminMenuIsFoldedBehindAButton() {
        allocator.insertReadyMachines(2);
        browser.logIn(TestAllocator.ADMIN_PASSWORD);
        browser.go("/admin/machines");
        browser.resize(390, 844);
        try {
            assertThat(browser.find("#admin-menu").isDisplayed()).isFalse();

            browser.click(".menu-toggle");

            assertThat(browser.find("#admin-menu").isDisplayed()).isTrue();
            assertThat(browser.attribute(".menu-toggle", "aria-expanded")).isEqualTo("true");
            assertThat(browser.overflowsSideways()).isFalse();
        } finally {
            browser.resize(1280, 860);
        }
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
        allocator.admin("POST", "/api/v1/claims", "{\"email\":\"hopper@example.org\"}");

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
        allocator.agent("POST", "/api/v1/agent/logs", "{\"lines\":[{\"stream\":\"agent\",\"seq\":0,\"text\":\"2026-12-02T07:00:01.123456Z lablink-agent: registered\"}]}", token);
        browser.waitFor(d -> browser.text("#log").contains("lablink-agent: registered"));
        assertThat(browser.text("#log")).as("one time per line, not the agent's own as well").doesNotContain("07:00:01.123456Z");
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
        assertThat(browser.text("#machines-table tr[data-machine='" + machine + "']")).contains("DEGRADED");
        assertThat(browser.attribute("#machines-table tr[data-machine='" + machine + "'] .badge.gpu-DEGRADED", "title")).contains("thermal throttling");

        browser.click("#machines-table a[href='/admin/machines/" + machine + "']");

        browser.waitFor(d -> "3".equals(browser.attribute("#gpu-charts", "data-points")));
        assertThat(browser.driver.findElements(By.cssSelector("#gpu-charts figure canvas"))).hasSize(3);
        assertThat(browser.text("main")).contains("GPU 0: thermal throttling; GPU 0: 89 °C (limit 85 °C)");
    }

    @Test
    void aMachinesPageTellsItsHeartbeatInWordsOffersItsActionsAndListsItsEvents() {
        String token = allocator.insertReadyMachines(1).getFirst();
        String machine = allocator.jdbc.sql("SELECT name FROM machines").query(String.class).single();
        allocator.agent("POST", "/api/v1/agent/heartbeat",
                "{\"boot_id\":\"b-1\",\"disk_free_bytes\":12300000000,\"load_1m\":0.4217,\"session_alive\":true}", token);
        browser.logIn(TestAllocator.ADMIN_PASSWORD);
        browser.go("/admin/machines/" + machine);

        assertThat(browser.text("#heartbeat")).contains("s ago").contains("load 0.42 · disk free 12.3 GB · session running")
                .contains("boot id b-1").doesNotContain("{");
        browser.click("main .toolbar button.danger");
        browser.driver.switchTo().alert().accept();
        browser.waitFor(d -> browser.text(".notice").contains("Destroying " + machine));
        browser.waitFor(d -> allocator.stateOf(machine) == MachineState.TERMINATED);

        browser.go("/admin/machines/" + machine);
        assertThat(browser.text("#machine-events")).contains("TERMINATED").contains("destroy requested by admin:admin");
        browser.go("/admin/events");
        browser.click("#events-table a[href='/admin/machines/" + machine + "']");
        browser.waitFor(d -> d.getCurrentUrl().endsWith("/admin/machines/" + machine));
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
        browser.waitFor(d -> rows().isEmpty());
        assertThat(browser.text("#machines-table caption")).contains("2 terminated hidden");
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
