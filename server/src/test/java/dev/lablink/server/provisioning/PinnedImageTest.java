package dev.lablink.server.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lablink.server.OwnAllocatorTestBase;
import dev.lablink.server.TestAllocator;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A batch launches a tag of the image catalog by digest: every machine records the digest, the agent
 * is told it, and a later push to the tag (a new digest after a rescan) does not change the batch's
 * machines nor their replacements. The catalog's rows are written here as a rescan writes them.
 */
class PinnedImageTest extends OwnAllocatorTestBase {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String FIRST_PUSH = "sha256:" + "a1".repeat(32);
    private static final String SECOND_PUSH = "sha256:" + "b2".repeat(32);
    private static final String OLDER_TAG = "sha256:" + "c3".repeat(32);
    private static final String TOOLS = "localhost:5000/lab/tools:1.2";
    @TempDir
    static Path dataDir;

    @BeforeAll
    static void start() {
        allocator = TestAllocator.start(dataDir, """
                registries: [{name: lab, url: "http://localhost:5000"}]
                session: {image: "localhost:5000/lab/tools:1.2", command: [sleep, "600"]}
                """);
    }

    @BeforeEach
    void theCatalogListsTwoTags() {
        allocator.jdbc.sql("DELETE FROM images").update();
        catalogHas("1.2", FIRST_PUSH);
        catalogHas("1.1", OLDER_TAG);
    }

    /** A rescan's row: the tag's digest as the registry answers now. */
    private static void catalogHas(String tag, String digest) {
        allocator.jdbc.sql("""
                INSERT INTO images (registry, repository, tag, reference, digest, size_bytes, scanned_at)
                VALUES ('lab', 'lab/tools', :tag, 'localhost:5000/lab/tools:' || :tag, :digest, 734003200, now())
                ON CONFLICT (registry, repository, tag) DO UPDATE SET digest = EXCLUDED.digest, scanned_at = now(), gone_at = NULL
                """).param("tag", tag).param("digest", digest).update();
    }

    private static HttpResponse<String> create(String body) {
        return allocator.admin("POST", "/api/v1/vms", body);
    }

    private static List<String> imagesOf(JsonNode created) {
        return created.path("machines").valueStream().map(m -> m.path("image").asString(null)).toList();
    }

    private static String imageOf(String machine) {
        return allocator.jdbc.sql("SELECT image FROM machines WHERE name = :name").param("name", machine).query(String.class).optional().orElse(null);
    }

    /** The machine token as the local agent process received it (the database keeps only its hash). */
    private static String tokenOf(String machine) throws Exception {
        Path pidFile = allocator.dataDir.resolve("machines").resolve(machine).resolve("agent.pid");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(pidFile));
        long pid = Long.parseLong(Files.readString(pidFile).trim().split("\\s+")[0]);
        String environment = Files.readString(Path.of("/proc", String.valueOf(pid), "environ"));
        return java.util.Arrays.stream(environment.split("\0"))
                .filter(entry -> entry.startsWith("LABLINK_AGENT_TOKEN="))
                .map(entry -> entry.substring("LABLINK_AGENT_TOKEN=".length()))
                .findFirst().orElseThrow();
    }

    /** The session image in the agent's orders, as a registering agent reads them. */
    private static String ordersImage(String token) {
        HttpResponse<String> orders = allocator.agent("POST", "/api/v1/agent/register", "{}", token);
        assertThat(orders.statusCode()).as(orders.body()).isEqualTo(200);
        return JSON.readTree(orders.body()).path("session").path("image").asString(null);
    }

    private static void awaitReady(List<String> names) {
        await().atMost(Duration.ofSeconds(60)).until(() -> names.stream().allMatch(name -> allocator.stateOf(name).name().equals("READY")));
    }

    @Test
    void aBatchRunsTheTagsDigestAndAPushAfterwardsChangesNeitherItNorItsReplacements() throws Exception {
        HttpResponse<String> response = create("{\"count\": 2, \"image\": \"" + TOOLS + "\"}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode created = JSON.readTree(response.body());
        String pinned = TOOLS + "@" + FIRST_PUSH;
        assertThat(imagesOf(created)).containsExactly(pinned, pinned);
        List<String> names = created.path("machines").valueStream().map(m -> m.path("name").asString()).toList();
        names.forEach(name -> assertThat(imageOf(name)).isEqualTo(pinned));
        awaitReady(names);
        String token = tokenOf(names.getFirst());
        assertThat(ordersImage(token)).as("the agent pre-pulls the pinned digest").isEqualTo(pinned);

        HttpResponse<String> claim = allocator.admin("POST", "/api/v1/claims", "{\"email\":\"ada@example.org\"}");
        assertThat(claim.statusCode()).as(claim.body()).isIn(200, 201);
        String seat = JSON.readTree(claim.body()).path("machine").asString();
        JsonNode assignment = JSON.readTree(allocator.agent("GET", "/api/v1/agent/assignment?wait=0", null, tokenOf(seat)).body());
        assertThat(assignment.path("email").asString()).isEqualTo("ada@example.org");
        assertThat(assignment.path("image").asString()).as("the session runs the pinned digest").isEqualTo(pinned);

        catalogHas("1.2", SECOND_PUSH); // someone pushes 1.2 again; the next rescan sees the new digest

        names.forEach(name -> assertThat(imageOf(name)).isEqualTo(pinned));
        assertThat(ordersImage(token)).isEqualTo(pinned);
        assertThat(allocator.admin("POST", "/api/v1/vms/" + seat + "/release", null).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> replacementOf(seat) != null);
        assertThat(imageOf(replacementOf(seat))).as("a replacement keeps the batch's digest").isEqualTo(pinned);
        HttpResponse<String> later = create("{\"count\": 1, \"image\": \"" + TOOLS + "\"}");
        assertThat(imagesOf(JSON.readTree(later.body()))).as("a new batch takes the new push").containsExactly(TOOLS + "@" + SECOND_PUSH);
    }

    private static String replacementOf(String machine) {
        return allocator.jdbc.sql("""
                SELECT m.name FROM events e JOIN machines m ON m.id = e.machine_id
                WHERE e.type = 'REPLACEMENT' AND e.message LIKE '% replaces ' || :old || ',%'
                """).param("old", machine).query(String.class).optional().orElse(null);
    }

    @Test
    void withoutAnImageTheBatchPinsSessionImageWhenTheCatalogKnowsIt() throws Exception {
        JsonNode created = JSON.readTree(create("{\"count\": 1}").body());

        assertThat(imagesOf(created)).containsExactly(TOOLS + "@" + FIRST_PUSH);
    }

    @Test
    void sessionImageIsKeptAsWrittenWhileTheCatalogLacksIt() throws Exception {
        allocator.jdbc.sql("DELETE FROM images").update(); // not scanned yet

        JsonNode created = JSON.readTree(create("{\"count\": 1}").body());

        assertThat(imagesOf(created)).containsExactly(TOOLS);
    }

    @Test
    void aTagWrittenWithoutItsRegistryIsFoundInTheConfiguredOne() throws Exception {
        JsonNode created = JSON.readTree(create("{\"count\": 1, \"image\": \"lab/tools:1.1\"}").body());

        assertThat(imagesOf(created)).containsExactly("localhost:5000/lab/tools:1.1@" + OLDER_TAG);
    }

    @Test
    void anImageTheCatalogLacksIsRefusedWithTheNearestTagsAndTheRescanHint() throws Exception {
        HttpResponse<String> refused = create("{\"count\": 1, \"image\": \"localhost:5000/lab/tools:1.3\"}");

        assertThat(refused.statusCode()).isEqualTo(400);
        JsonNode problem = JSON.readTree(refused.body());
        assertThat(problem.path("field").asString()).isEqualTo("image");
        assertThat(problem.path("detail").asString()).isEqualTo("image: localhost:5000/lab/tools:1.3 is not in the image catalog;"
                + " nearest: localhost:5000/lab/tools:1.1, localhost:5000/lab/tools:1.2;"
                + " after a push, run lablink images rescan (or Rescan images on the Images page)");
        assertThat(allocator.jdbc.sql("SELECT count(*) FROM machines").query(Long.class).single()).isZero();
    }

    @Test
    void aTagGoneFromTheRegistryIsNotLaunched() {
        allocator.jdbc.sql("UPDATE images SET gone_at = now() WHERE tag = '1.1'").update();

        HttpResponse<String> refused = create("{\"count\": 1, \"image\": \"localhost:5000/lab/tools:1.1\"}");

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("nearest: localhost:5000/lab/tools:1.2;");
    }

    @Test
    void aMalformedImageIsRefusedWithHowToWriteOne() throws Exception {
        HttpResponse<String> refused = create("{\"count\": 1, \"image\": \"Lab/Tools::latest\"}");

        assertThat(refused.statusCode()).isEqualTo(400);
        JsonNode problem = JSON.readTree(refused.body());
        assertThat(problem.path("field").asString()).isEqualTo("image");
        assertThat(problem.path("detail").asString()).startsWith("image: 'Lab/Tools::latest' is not an image reference; write it like");
    }

    /** The console's create form, as a browser posts it (session cookie and CSRF field). */
    @Test
    void theCreateFormOffersTheCatalogsTagsWithSessionImageChosenAndTheBatchShowsItsDigest() throws Exception {
        java.net.http.HttpClient browser = java.net.http.HttpClient.newBuilder().cookieHandler(new java.net.CookieManager()).build();
        assertThat(post(browser, "/admin/login", "username=admin&password=" + TestAllocator.ADMIN_PASSWORD).statusCode()).isEqualTo(302);

        String form = get(browser, "/admin/machines/new").body();

        assertThat(form).contains("<option value=\"\">As in config: localhost:5000/lab/tools:1.2</option>")
                .contains("<option value=\"localhost:5000/lab/tools:1.1\">localhost:5000/lab/tools:1.1 (734 MB)</option>")
                .contains("<option value=\"localhost:5000/lab/tools:1.2\" selected=\"selected\">localhost:5000/lab/tools:1.2 (734 MB)</option>");
        HttpResponse<String> created = post(browser, "/admin/machines", "count=1&tier=&machine_type=&region=&image=localhost%3A5000%2Flab%2Ftools%3A1.1");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(302);
        String batch = get(browser, java.net.URI.create(created.headers().firstValue("Location").orElseThrow()).getPath()).body();
        assertThat(batch).contains("localhost:5000/lab/tools:1.1@sha256:c3c3c3c3c3c3…");
        String machine = allocator.jdbc.sql("SELECT name FROM machines").query(String.class).single();
        assertThat(get(browser, "/admin/machines/" + machine).body()).contains("localhost:5000/lab/tools:1.1@sha256:c3c3c3c3c3c3…");
        HttpResponse<String> refused = post(browser, "/admin/machines", "count=1&image=localhost%3A5000%2Flab%2Fgone%3A9");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("is not in the image catalog; nearest: ");
    }

    private static HttpResponse<String> get(java.net.http.HttpClient browser, String path) throws Exception {
        return browser.send(java.net.http.HttpRequest.newBuilder(allocator.uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(java.net.http.HttpClient browser, String path, String form) throws Exception {
        java.util.regex.Matcher csrf = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(get(browser, "/admin/login").body());
        assertThat(csrf.find()).isTrue();
        String body = form + "&_csrf=" + java.net.URLEncoder.encode(csrf.group(1), java.nio.charset.StandardCharsets.UTF_8);
        return browser.send(java.net.http.HttpRequest.newBuilder(allocator.uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anImageAlreadyPinnedByDigestIsTakenAsWritten() throws Exception {
        String pinned = "localhost:5000/lab/other@" + SECOND_PUSH;

        JsonNode created = JSON.readTree(create("{\"count\": 1, \"image\": \"" + pinned + "\"}").body());

        assertThat(imagesOf(created)).containsExactly(pinned);
    }
}
