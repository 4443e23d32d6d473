package dev.lablink.server.roster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lablink.server.TestAllocator;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The roster as an admin keeps it: a CSV imported, listed, replaced, exported, and uploaded on the console page. */
class RosterTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String WORKSHOP = """
            email,name,group
            Ada@Example.org ,Ada Lovelace,A
            grace@example.org,"Hopper, Grace",B
            alan@example.org,Alan Turing,
            """;
    private final TestAllocator allocator = TestAllocator.shared();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    @AfterEach
    void clean() {
        allocator.reset();
    }

    private HttpResponse<String> importCsv(String query, byte[] csv) throws Exception {
        return http.send(HttpRequest.newBuilder(allocator.uri("/api/v1/roster" + query))
                .header("Authorization", TestAllocator.basic("admin", TestAllocator.ADMIN_PASSWORD))
                .header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofByteArray(csv)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> importCsv(String query, String csv) throws Exception {
        return importCsv(query, csv.getBytes(StandardCharsets.UTF_8));
    }

    private List<String> emails() {
        JsonNode list = JSON.readTree(allocator.admin("GET", "/api/v1/roster", null).body());
        List<String> emails = new ArrayList<>();
        list.get("people").forEach(p -> emails.add(p.get("email").asString()));
        return emails;
    }

    @Test
    void aGoodCsvIsImportedAndListedWithNamesAndGroups() throws Exception {
        HttpResponse<String> imported = importCsv("", WORKSHOP);

        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
        JsonNode report = JSON.readTree(imported.body());
        assertThat(report.get("added").asInt()).isEqualTo(3);
        assertThat(report.get("unchanged").asInt()).isZero();
        JsonNode list = JSON.readTree(allocator.admin("GET", "/api/v1/roster", null).body());
        assertThat(list.get("access").asString()).isEqualTo("open");
        assertThat(list.get("count").asInt()).isEqualTo(3);
        JsonNode grace = list.get("people").get(2);
        assertThat(grace.get("email").asString()).isEqualTo("grace@example.org");
        assertThat(grace.get("name").asString()).isEqualTo("Hopper, Grace");
        assertThat(grace.get("group").asString()).isEqualTo("B");
        assertThat(grace.get("holds_seat").asBoolean()).isFalse();
        assertThat(emails()).containsExactly("ada@example.org", "alan@example.org", "grace@example.org");
        assertThat(allocator.jdbc.sql("SELECT message FROM events WHERE type = 'ROSTER_IMPORTED'").query(String.class).single())
                .isEqualTo("roster imported: 3 people in the file: 3 added, 0 updated, 0 unchanged");

        JsonNode again = JSON.readTree(importCsv("", WORKSHOP.replace("Alan Turing", "A. M. Turing") + "edsger@example.org\n").body());
        assertThat(again.get("added").asInt()).isEqualTo(1);
        assertThat(again.get("updated").asInt()).isEqualTo(1);
        assertThat(again.get("unchanged").asInt()).isEqualTo(2);
    }

    @Test
    void aBadEmailOnLineSevenIsRefusedByLineWithEveryOtherProblemAndNothingChanges() throws Exception {
        importCsv("", "keep@example.org,Kept\n");
        String csv = """
                email,name,group
                a1@example.org,One
                a2@example.org,Two

                a3@example.org,Three
                a4@example.org,Four
                bob@,Bob
                a1@example.org,One again
                """;

        HttpResponse<String> refused = importCsv("?replace=true", csv);

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(refused.body());
        assertThat(problem.get("detail").asString()).startsWith("the roster was not changed: 2 rows have problems")
                .contains("line 7: email 'bob@' is not an email address; write it like name@example.org");
        JsonNode errors = problem.get("errors");
        assertThat(errors).hasSize(2);
        assertThat(errors.get(0).get("line").asInt()).isEqualTo(7);
        assertThat(errors.get(0).get("field").asString()).isEqualTo("email");
        assertThat(errors.get(0).get("message").asString()).isEqualTo("email 'bob@' is not an email address; write it like name@example.org");
        assertThat(errors.get(1).get("line").asInt()).isEqualTo(8);
        assertThat(errors.get(1).get("message").asString()).isEqualTo("email 'a1@example.org' is already on line 2; list each person once");
        assertThat(emails()).containsExactly("keep@example.org");
    }

    @Test
    void replaceMakesTheFileTheWholeRoster() throws Exception {
        importCsv("", WORKSHOP);

        JsonNode report = JSON.readTree(importCsv("?replace=true", "grace@example.org,\"Hopper, Grace\",B\nlin@example.org,Lin\n").body());

        assertThat(report.get("replaced").asBoolean()).isTrue();
        assertThat(report.get("added").asInt()).isEqualTo(1);
        assertThat(report.get("unchanged").asInt()).isEqualTo(1);
        assertThat(report.get("removed").asInt()).isEqualTo(2);
        assertThat(emails()).containsExactly("grace@example.org", "lin@example.org");
    }

    @Test
    void anExportImportsBackUnchanged() throws Exception {
        importCsv("", WORKSHOP + "\"quote\"\"d@example.org\",\"Line \"\"Q\"\" one\",\n");
        HttpResponse<String> csv = allocator.send("GET", "/api/v1/roster", null, TestAllocator.basic("admin", TestAllocator.ADMIN_PASSWORD), null, "text/csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(csv.body()).startsWith("email,name,group\nada@example.org,Ada Lovelace,A\n");
        assertThat(allocator.admin("GET", "/api/v1/roster.csv", null).body()).isEqualTo(csv.body());

        allocator.admin("DELETE", "/api/v1/roster?confirm=true", null);
        JsonNode report = JSON.readTree(importCsv("", csv.body()).body());
        assertThat(report.get("added").asInt()).isEqualTo(4);
        assertThat(allocator.admin("GET", "/api/v1/roster.csv", null).body()).isEqualTo(csv.body());
        JsonNode reimport = JSON.readTree(importCsv("?replace=true", csv.body()).body());
        assertThat(reimport.get("unchanged").asInt()).isEqualTo(4);
        assertThat(reimport.get("removed").asInt()).isZero();
    }

    @Test
    void removingOnePersonAndEmptyingTheRosterSayWhatTheyNeed() throws Exception {
        importCsv("", WORKSHOP);

        assertThat(allocator.admin("DELETE", "/api/v1/roster/ADA@example.org", null).statusCode()).isEqualTo(204);
        HttpResponse<String> again = allocator.admin("DELETE", "/api/v1/roster/ada@example.org", null);
        assertThat(again.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(again.body()).get("detail").asString()).contains("'ada@example.org' is not on the roster");
        HttpResponse<String> unconfirmed = allocator.admin("DELETE", "/api/v1/roster", null);
        assertThat(unconfirmed.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(unconfirmed.body()).get("field").asString()).isEqualTo("confirm");
        assertThat(emails()).hasSize(2);
        assertThat(JSON.readTree(allocator.admin("DELETE", "/api/v1/roster?confirm=true", null).body()).get("removed").asInt()).isEqualTo(2);
        assertThat(emails()).isEmpty();
    }

    @Test
    void filesThatAreNotUtf8CsvOrTooLargeAreRefusedInWords() throws Exception {
        HttpResponse<String> latin1 = importCsv("", "jos\u00e9@example.org,Jos\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(latin1.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(latin1.body()).get("detail").asString()).contains("not UTF-8").contains("CSV UTF-8");

        HttpResponse<String> binary = importCsv("", new byte[] {'P', 'K', 3, 4, 0, 0, 0, 1});
        assertThat(binary.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(binary.body()).get("detail").asString()).contains("looks binary");

        HttpResponse<String> empty = importCsv("?replace=true", "email,name,group\n");
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(empty.body()).get("detail").asString()).contains("lists nobody");

        StringBuilder many = new StringBuilder();
        for (int i = 0; i <= RosterCsv.MAX_ROWS; i++) {
            many.append("p").append(i).append("@example.org\n");
        }
        HttpResponse<String> tooMany = importCsv("", many.toString());
        assertThat(tooMany.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(tooMany.body()).get("detail").asString()).contains("more than 50000 rows");

        HttpResponse<String> tooLarge = importCsv("", new byte[RosterCsv.MAX_BYTES + 1]);
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(tooLarge.body()).get("detail").asString()).contains("at most 5 MB");
        assertThat(emails()).isEmpty();
    }

    @Test
    void theListShowsWhoHoldsASeat() throws Exception {
        importCsv("", WORKSHOP);
        allocator.insertReadyMachines(1);
        allocator.admin("POST", "/api/v1/claims", "{\"email\":\"grace@example.org\"}");
        String machine = allocator.jdbc.sql("SELECT name FROM machines").query(String.class).single();

        JsonNode people = JSON.readTree(allocator.admin("GET", "/api/v1/roster?q=hopper", null).body()).get("people");

        assertThat(people).hasSize(1);
        assertThat(people.get(0).get("holds_seat").asBoolean()).isTrue();
        assertThat(people.get(0).get("seat").asString()).isEqualTo(machine);
    }

    @Test
    void theConsolePageTakesAnUploadListsBadRowsByLineAndShowsTheAccessMode() throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NORMAL).build();
        signIn(browser);
        String page = get(browser, "/admin/roster");
        assertThat(page).contains("Participant access: <strong id=\"access-mode\">open</strong>")
                .contains("The roster only decides who may claim a seat with")
                .contains("href=\"/admin/roster\" aria-current=\"page\"");

        HttpResponse<String> refused = upload(browser, csrf(page), "email,name\nada@example.org,Ada\nbob@,Bob\n", false);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("Nothing was imported: 1 row has a problem")
                .contains("line 3: email &#39;bob@&#39; is not an email address; write it like name@example.org");
        assertThat(emails()).isEmpty();

        HttpResponse<String> imported = upload(browser, csrf(refused.body()), WORKSHOP, false);
        assertThat(imported.statusCode()).isEqualTo(200);
        assertThat(imported.uri().getPath()).isEqualTo("/admin/roster");
        assertThat(imported.body()).contains("Roster imported: 3 people in the file: 3 added, 0 updated, 0 unchanged.")
                .contains("Hopper, Grace").contains("3</span> on the roster");
        assertThat(get(browser, "/admin/roster?q=turing")).contains("alan@example.org").doesNotContain("grace@example.org");
        assertThat(get(browser, "/admin/roster.csv")).startsWith("email,name,group\nada@example.org,Ada Lovelace,A\n");

        String token = URLEncoder.encode(csrf(imported.body()), StandardCharsets.UTF_8);
        HttpResponse<String> removed = browser.send(HttpRequest.newBuilder(allocator.uri("/admin/roster/remove"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("email=alan%40example.org&_csrf=" + token)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(removed.body()).contains("alan@example.org was taken off the roster.");
        assertThat(emails()).containsExactly("ada@example.org", "grace@example.org");

        assertThat(clear(browser, csrf(removed.body()), "yes").body()).contains("The roster was not emptied: type remove everyone to confirm.");
        assertThat(emails()).hasSize(2);
        assertThat(clear(browser, csrf(removed.body()), "remove everyone").body()).contains("The roster was emptied: 2 people removed.");
        assertThat(emails()).isEmpty();
    }

    private HttpResponse<String> clear(HttpClient browser, String csrf, String confirm) throws Exception {
        return browser.send(HttpRequest.newBuilder(allocator.uri("/admin/roster/clear"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("confirm=" + URLEncoder.encode(confirm, StandardCharsets.UTF_8)
                        + "&_csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void signIn(HttpClient browser) throws Exception {
        String login = get(browser, "/admin/login");
        browser.send(HttpRequest.newBuilder(allocator.uri("/admin/login")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=admin&password=" + TestAllocator.ADMIN_PASSWORD
                        + "&_csrf=" + URLEncoder.encode(csrf(login), StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.discarding());
    }

    private String get(HttpClient browser, String path) throws IOException, InterruptedException {
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(allocator.uri(path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.uri().getPath()).as("signed in").isEqualTo(path.replaceFirst("\\?.*", ""));
        return page.body();
    }

    private static String csrf(String page) {
        Matcher token = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page);
        assertThat(token.find()).as(page).isTrue();
        return token.group(1);
    }

    /** The upload form as a browser sends it: multipart with the CSRF field and the file. */
    private HttpResponse<String> upload(HttpClient browser, String csrf, String csv, boolean replace) throws Exception {
        String boundary = "----lablink-test-boundary";
        StringBuilder body = new StringBuilder();
        body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n").append(csrf).append("\r\n");
        if (replace) {
            body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"replace\"\r\n\r\ntrue\r\n");
        }
        body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"file\"; filename=\"roster.csv\"\r\n")
                .append("Content-Type: text/csv\r\n\r\n").append(csv).append("\r\n--").append(boundary).append("--\r\n");
        return browser.send(HttpRequest.newBuilder(allocator.uri("/admin/roster"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
    }
}
