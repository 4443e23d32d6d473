package dev.lablink.server.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.lablink.core.config.ConfigException;
import dev.lablink.server.OwnAllocatorTestBase;
import dev.lablink.server.TestAllocator;
import dev.lablink.server.TestConfigs;
import dev.lablink.server.api.BadRequestException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** "Rescan images" against Debian's docker-registry, with images the test pushes to it: one open registry, one private with token auth. */
class ImageCatalogTest extends OwnAllocatorTestBase {
    static final JsonMapper JSON = JsonMapper.builder().build();
    @TempDir
    static Path dir;
    static LocalRegistry open;
    static LocalRegistry tokenRegistry;
    static RegistryTokenServer tokens;
    static OciImagePush pushOpen;
    static OciImagePush pushPrivate;
    static int nobodyListens;

    @BeforeAll
    static void start() throws Exception {
        LocalRegistry.assumeInstalled();
        open = LocalRegistry.open(Files.createDirectories(dir.resolve("open")));
        tokens = new RegistryTokenServer("ada", "right-password");
        tokenRegistry = LocalRegistry.withTokenAuth(Files.createDirectories(dir.resolve("private")), tokens);
        pushOpen = new OciImagePush(open.url());
        pushPrivate = new OciImagePush(tokenRegistry.url(),
                repository -> "Bearer " + tokens.issue("ada", List.of("repository:" + repository + ":pull,push")));
        nobodyListens = LocalRegistry.freePort();
        allocator = TestAllocator.start(Files.createDirectories(dir.resolve("allocator")), """
                images: {rescan_minutes: 0}
                registries:
                  - {name: lab, url: %s}
                  - {name: private, url: %s, username: ada, password: right-password}
                  - {name: mistyped, url: %s, username: ada, password: wrong-password}
                  - {name: switched-off, url: http://127.0.0.1:%d}
                """.formatted(open.url(), tokenRegistry.url(), tokenRegistry.url(), nobodyListens));
    }

    @AfterAll
    static void stopRegistries() {
        if (open != null) {
            open.close();
        }
        if (tokenRegistry != null) {
            tokenRegistry.close();
        }
        if (tokens != null) {
            tokens.close();
        }
    }

    @Test
    void aRescanListsThePushedTagsWithTheirDigestAndSize() throws Exception {
        OciImagePush.Pushed one = pushOpen.push("workshop/tools", "1.0", "tools one");
        OciImagePush.Pushed two = pushOpen.push("workshop/tools", "2.0", "tools two");
        OciImagePush.Pushed base = pushOpen.push("base", "latest", "base");

        JsonNode scan = rescan("lab");

        assertThat(scan.path("outcome").asString()).isEqualTo("OK");
        JsonNode tools1 = image("lab", "workshop/tools", "1.0");
        assertThat(tools1.path("digest").asString()).isEqualTo(one.digest());
        assertThat(tools1.path("size_bytes").asLong()).isEqualTo(one.sizeBytes());
        assertThat(tools1.path("reference").asString()).isEqualTo(open.host() + "/workshop/tools:1.0");
        assertThat(image("lab", "workshop/tools", "2.0").path("digest").asString()).isEqualTo(two.digest());
        assertThat(image("lab", "base", "latest").path("digest").asString()).isEqualTo(base.digest());
        assertThat(events()).anyMatch(e -> e.contains("IMAGE_RESCAN_STARTED") && e.contains("'lab'"))
                .anyMatch(e -> e.contains("IMAGE_RESCAN_FINISHED") && e.contains("registry 'lab' rescanned"));
    }

    @Test
    void aNewPushAndARescanShowTheNewTagAndTheChangedDigest() throws Exception {
        OciImagePush.Pushed first = pushOpen.push("course/notebook", "stable", "first");
        rescan("lab");
        assertThat(image("lab", "course/notebook", "stable").path("digest").asString()).isEqualTo(first.digest());

        OciImagePush.Pushed second = pushOpen.push("course/notebook", "stable", "second");
        OciImagePush.Pushed next = pushOpen.push("course/notebook", "next", "next");
        JsonNode scan = rescan("lab");

        assertThat(image("lab", "course/notebook", "stable").path("digest").asString()).isEqualTo(second.digest()).isNotEqualTo(first.digest());
        assertThat(image("lab", "course/notebook", "next").path("digest").asString()).isEqualTo(next.digest());
        assertThat(scan.path("message").asString()).contains("1 new").contains("1 changed");
    }

    @Test
    void aTagTheRegistryNoLongerListsIsMarkedGoneAndComesBackWhenPushedAgain() throws Exception {
        pushOpen.push("old/thing", "keep", "keep");
        OciImagePush.Pushed doomed = pushOpen.push("old/thing", "doomed", "doomed");
        rescan("lab");
        assertThat(image("lab", "old/thing", "doomed").path("gone_at").isNull()).isTrue();

        pushOpen.delete("old/thing", doomed.digest());
        rescan("lab");

        assertThat(images("lab", false)).noneMatch(i -> i.path("repository").asString().equals("old/thing") && i.path("tag").asString().equals("doomed"));
        JsonNode gone = images("lab", true).stream()
                .filter(i -> i.path("repository").asString().equals("old/thing") && i.path("tag").asString().equals("doomed")).findFirst().orElseThrow();
        assertThat(gone.path("gone_at").isNull()).as("gone_at").isFalse();
        assertThat(image("lab", "old/thing", "keep").path("gone_at").isNull()).isTrue();

        pushOpen.push("old/thing", "doomed", "doomed");
        rescan("lab");
        assertThat(image("lab", "old/thing", "doomed").path("gone_at").isNull()).as("back").isTrue();
    }

    @Test
    void aPrivateRegistryWithTokenAuthIsListedWithTheRightPasswordAndRefusedWithAWrongOne() throws Exception {
        OciImagePush.Pushed secret = pushPrivate.push("lab/private-tools", "v1", "private");

        JsonNode ok = rescan("private");
        assertThat(ok.path("outcome").asString()).isEqualTo("OK");
        assertThat(image("private", "lab/private-tools", "v1").path("digest").asString()).isEqualTo(secret.digest());

        JsonNode refused = rescan("mistyped");
        assertThat(refused.path("outcome").asString()).isEqualTo("FAILED");
        assertThat(refused.path("message").asString()).contains("registry 'mistyped'").contains("refused the username 'ada'")
                .contains("registries[2].password").doesNotContain("wrong-password");
        assertThat(events()).anyMatch(e -> e.contains("IMAGE_RESCAN_FAILED") && e.contains("'mistyped'"))
                .noneMatch(e -> e.contains("wrong-password") || e.contains("right-password"));
    }

    @Test
    void anUnreachableRegistryFailsTheRescanNamingTheRegistry() {
        JsonNode scan = rescan("switched-off");

        assertThat(scan.path("outcome").asString()).isEqualTo("FAILED");
        assertThat(scan.path("message").asString()).isEqualTo("registry 'switched-off' is unreachable at http://127.0.0.1:" + nobodyListens
                + ": connection refused");
        assertThat(events()).anyMatch(e -> e.contains("IMAGE_RESCAN_FAILED") && e.contains("registry 'switched-off' is unreachable"));
    }

    @Test
    void anUnknownRegistryIsRefusedNamingTheConfiguredOnes() {
        HttpResponse<String> response = allocator.admin("POST", "/api/v1/images/rescan?registry=hub", null);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("registry").contains("'hub' is not a configured registry")
                .contains("lab, private, mistyped, switched-off");
    }

    @Test
    void withoutRegistriesARescanSaysHowToAddOne() {
        ImageCatalog catalog = new ImageCatalog(TestConfigs.config(dir, ""), null, null);
        assertThatThrownBy(() -> catalog.rescan(null, "admin:admin")).isInstanceOf(BadRequestException.class)
                .hasMessageContaining("no registries are configured").hasMessageContaining("registries: [{name: lab, url: https://");
        catalog.destroy();
    }

    @Test
    void aRegistryUrlWithoutSchemeIsRefusedAtConfigLoad() {
        assertThatThrownBy(() -> TestConfigs.config(dir, "registries: [{name: lab, url: registry.example.org}]"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("registries[0].url");
    }

    @Test
    void aRescanAlreadyRunningIsNotStartedTwice() {
        JsonNode first = JSON.readTree(allocator.admin("POST", "/api/v1/images/rescan?registry=lab", null).body());
        JsonNode second = JSON.readTree(allocator.admin("POST", "/api/v1/images/rescan?registry=lab", null).body());
        if (first.path("started").toString().contains("lab")) {
            // the first may be done already on a fast machine; while it runs, the second is told so
            assertThat(second.path("started").size() + second.path("already_running").size()).isEqualTo(1);
        }
        awaitFinished("lab");
    }

    @Test
    void theCliRescansWithProgressUntilDoneAndListsTheCatalog() throws Exception {
        OciImagePush.Pushed pushed = pushOpen.push("cli/shown", "v3", "shown by the cli");
        awaitFinished("lab");

        Outcome rescan = lablink("rescan", "--registry", "lab");
        assertThat(rescan.exitCode()).as(rescan.err()).isZero();
        assertThat(rescan.out()).contains("Rescanning lab").containsPattern("lab: \\d+ images: ");

        Outcome ls = lablink("ls", "--registry", "lab");
        assertThat(ls.exitCode()).as(ls.err()).isZero();
        assertThat(ls.out()).contains("REGISTRY").containsPattern("lab +cli/shown +v3 +" + pushed.digest().substring(0, 19));

        Outcome json = lablink("ls", "--registry", "lab", "--json");
        assertThat(JSON.readTree(json.out()).toString()).contains(pushed.digest());

        Outcome failed = lablink("rescan", "--registry", "switched-off");
        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.err()).contains("switched-off FAILED: registry 'switched-off' is unreachable");

        Outcome unknown = lablink("rescan", "--registry", "hub");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("'hub' is not a configured registry");
    }

    record Outcome(int exitCode, String out, String err) {
    }

    static Outcome lablink(String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine commandLine = new picocli.CommandLine(new dev.lablink.cli.ImagesCommand());
        commandLine.setOut(new java.io.PrintWriter(out, true));
        commandLine.setErr(new java.io.PrintWriter(err, true));
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("lablink: " + e.getMessage());
            return 1;
        });
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.addAll(List.of("--url", "http://127.0.0.1:" + allocator.port, "--password", TestAllocator.ADMIN_PASSWORD));
        int code = commandLine.execute(all.toArray(String[]::new));
        return new Outcome(code, out.toString(), err.toString());
    }

    /** Starts a rescan of one registry (waiting out one already running) and returns its finished scan. */
    static JsonNode rescan(String registry) {
        awaitFinished(registry);
        HttpResponse<String> response = allocator.admin("POST", "/api/v1/images/rescan?registry=" + registry, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(JSON.readTree(response.body()).path("started").toString()).contains(registry);
        return awaitFinished(registry);
    }

    static JsonNode awaitFinished(String registry) {
        JsonNode[] scan = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            for (JsonNode r : JSON.readTree(allocator.admin("GET", "/api/v1/images/scans", null).body())) {
                if (r.path("name").asString().equals(registry)) {
                    scan[0] = r.path("scan");
                    return scan[0].isNull() || scan[0].isMissingNode() || !scan[0].path("running").asBoolean();
                }
            }
            return false;
        });
        return scan[0];
    }

    static List<JsonNode> images(String registry, boolean gone) {
        HttpResponse<String> response = allocator.admin("GET", "/api/v1/images?registry=" + registry + "&gone=" + gone, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<JsonNode> list = new java.util.ArrayList<>();
        JSON.readTree(response.body()).path("images").forEach(list::add);
        return list;
    }

    static JsonNode image(String registry, String repository, String tag) {
        return images(registry, true).stream().filter(i -> i.path("repository").asString().equals(repository) && i.path("tag").asString().equals(tag))
                .findFirst().orElseThrow(() -> new AssertionError("no " + repository + ":" + tag + " in " + images(registry, true)));
    }

    static List<String> events() {
        List<String> lines = new java.util.ArrayList<>();
        JSON.readTree(allocator.admin("GET", "/api/v1/events?limit=500", null).body()).path("events")
                .forEach(e -> lines.add(e.path("type").asString() + " " + e.path("message").asString()));
        return lines;
    }
}
