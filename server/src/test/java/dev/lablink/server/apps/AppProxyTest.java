package dev.lablink.server.apps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lablink.server.OwnAllocatorTestBase;
import dev.lablink.server.ParticipantBrowser;
import dev.lablink.server.RunningAgent;
import dev.lablink.server.TestAllocator;
import dev.lablink.server.agentapi.SessionCommand;
import dev.lablink.server.tunnel.TunnelStreams;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Jupyter Notebook (Debian's jupyter-notebook) as a local machine's session, opened in the browser
 * at /m/<machine>/jupyter/ through the allocator: only by the seat's participant and admins.
 */
class AppProxyTest extends OwnAllocatorTestBase {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ADA = "ada@example.org";
    @TempDir
    static Path dataDir;
    @TempDir
    static Path jupyterHome;
    static int jupyterPort;
    static int downPort;

    @BeforeAll
    static void start() throws IOException {
        jupyterPort = freePort();
        downPort = freePort();
        String home = jupyterHome.toString();
        Files.createDirectories(jupyterHome.resolve("notebooks"));
        allocator = TestAllocator.start(dataDir, """
                session:
                  command: [env, "HOME=%1$s", "JUPYTER_CONFIG_DIR=%1$s/config", "JUPYTER_DATA_DIR=%1$s/data", "JUPYTER_RUNTIME_DIR=%1$s/runtime",
                            jupyter-notebook, --no-browser, --ip=127.0.0.1, "--port=%2$d", "--NotebookApp.base_url={base_url:jupyter}",
                            "--NotebookApp.token=", "--NotebookApp.password=", "--NotebookApp.allow_origin=*",
                            "--NotebookApp.notebook_dir=%1$s/notebooks", --allow-root]
                  apps:
                    - {name: jupyter, port: %2$d, label: Jupyter}
                    - {name: down, port: %3$d}
                """.formatted(home, jupyterPort, downPort));
    }

    /** Skips when jupyter-notebook is not installed, unless LABLINK_REQUIRE_BROWSER says it must be (CI). */
    private static void assumeJupyter() {
        boolean installed = Files.isExecutable(Path.of("/usr/bin/jupyter-notebook")) || Files.isExecutable(Path.of("/usr/local/bin/jupyter-notebook"));
        if (!installed && "1".equals(System.getenv("LABLINK_REQUIRE_BROWSER"))) {
            throw new AssertionError("jupyter-notebook is not installed but LABLINK_REQUIRE_BROWSER is set: apt-get install jupyter-notebook");
        }
        Assumptions.assumeTrue(installed, "jupyter-notebook is not installed (apt-get install jupyter-notebook); skipping the Jupyter test");
    }

    @Test
    void theParticipantRunsOnePlusOneInJupyterThroughTheAllocator(@TempDir Path machineDir) throws Exception {
        assumeJupyter();
        try (RunningAgent agent = connectedAgent(machineDir)) {
            ParticipantBrowser ada = new ParticipantBrowser(allocator);
            ada.claimSeat(ADA);
            String base = "/m/" + agent.machineName + "/jupyter/";

            HttpResponse<String> first = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> ada.get(base), response -> response.statusCode() != 502);
            assertThat(first.statusCode()).as(first.body()).isEqualTo(302);
            assertThat(first.headers().firstValue("Location").orElseThrow()).as("Jupyter knows its prefix").contains(base + "tree");
            HttpResponse<String> tree = ada.get(base + "tree");
            assertThat(tree.statusCode()).isEqualTo(200);
            assertThat(tree.body()).contains("Jupyter");
            assertThat(tree.headers().firstValue("Content-Security-Policy").orElse(""))
                    .as("not the console's policy; Jupyter's own, if any").doesNotContain("script-src 'self'; style-src 'self'");

            String xsrf = ada.cookie(base, "_xsrf").orElseThrow(() -> new AssertionError("Jupyter set no _xsrf cookie"));
            HttpResponse<String> kernel = ada.send(HttpRequest.newBuilder(allocator.uri(base + "api/kernels"))
                    .header("Content-Type", "application/json").header("X-XSRFToken", xsrf)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"python3\"}")));
            assertThat(kernel.statusCode()).as(kernel.body()).isEqualTo(201);
            String kernelId = JSON.readTree(kernel.body()).path("id").asString();

            KernelListener listener = new KernelListener();
            URI channels = URI.create("ws://127.0.0.1:" + allocator.port + base + "api/kernels/" + kernelId + "/channels");
            WebSocket socket = ada.client().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(channels, listener).get(30, TimeUnit.SECONDS);
            socket.sendText(executeRequest("1+1"), true).get(10, TimeUnit.SECONDS);

            assertThat(listener.result.get(60, TimeUnit.SECONDS)).isEqualTo("2");
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);

            assertThat(events("APP_OPENED")).as("one open for the page load and its WebSocket, not one per request")
                    .containsExactly("participant:" + ADA);
            allocator.context.getBean(MachineTraffic.class).flush();
            long bytes = allocator.jdbc.sql("SELECT traffic_bytes FROM machines WHERE name = :name").param("name", agent.machineName)
                    .query(Long.class).single();
            assertThat(bytes).as("bytes through the proxy, counted for the idle check").isGreaterThan(1000);
        }
    }

    @Test
    void noOneButTheSeatsParticipantGetsInAndTheRefusalTellsNothing(@TempDir Path machineDir) throws Exception {
        try (RunningAgent agent = connectedAgent(machineDir)) {
            ParticipantBrowser ada = new ParticipantBrowser(allocator);
            ada.claimSeat(ADA);
            String app = "/m/" + agent.machineName + "/down/";
            assertThat(ada.get(app).statusCode()).as("the seat's participant gets through (to an app that is down)").isEqualTo(502);

            allocator.insertReadyMachines(1);
            ParticipantBrowser bob = new ParticipantBrowser(allocator);
            bob.claimSeat("bob@example.org");
            HttpResponse<String> otherParticipant = bob.get(app);
            HttpResponse<String> stranger = new ParticipantBrowser(allocator).get(app);
            HttpResponse<String> noSuchMachine = new ParticipantBrowser(allocator).get("/m/no-such-machine/down/");
            HttpResponse<String> forged = HttpClient.newHttpClient().send(HttpRequest.newBuilder(allocator.uri(app))
                    .header("Accept", "text/html").header("Cookie", "SESSION=" + UUID.randomUUID()).build(), HttpResponse.BodyHandlers.ofString());
            for (HttpResponse<String> refused : List.of(otherParticipant, stranger, noSuchMachine, forged)) {
                assertThat(refused.statusCode()).isEqualTo(404);
                assertThat(refused.body()).as("the same page whether the machine exists or not").isEqualTo(noSuchMachine.body())
                        .contains("sign in again").doesNotContain(agent.machineName);
            }

            assertThat(allocator.admin("POST", "/api/v1/vms/" + agent.machineName + "/release", "{}").statusCode()).isLessThan(300);
            assertThat(ada.get(app).statusCode()).as("a released seat opens nothing").isEqualTo(404);
        }
    }

    /** The app is served from the console's origin and runs what the participant put there: in an admin's browser it would act as the admin. */
    @Test
    void anAdminSignedIntoTheConsoleIsToldToUsePortForwardAndTheAppNeverRunsInTheirBrowser(@TempDir Path machineDir) throws Exception {
        try (RunningAgent agent = connectedAgent(machineDir)) {
            HttpClient console = adminConsole();
            String app = "/m/" + agent.machineName + "/down/";
            HttpResponse<String> page = console.send(HttpRequest.newBuilder(allocator.uri(app)).header("Accept", "text/html").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(403);
            assertThat(page.body()).contains("lablink port-forward " + agent.machineName + " 18080:" + downPort)
                    .contains("http://localhost:18080" + app).doesNotContain("Exception");
            HttpResponse<String> api = console.send(HttpRequest.newBuilder(allocator.uri(app + "api/status")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(api.statusCode()).isEqualTo(403);
            assertThat(api.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");

            assertThat(events("APP_OPENED")).as("nothing was opened").isEmpty();
        }
    }

    @Test
    void aMachineWhoseTunnelIsNotConnectedSaysSoAndAnAppThatIsDownToo(@TempDir Path machineDir) throws Exception {
        allocator.insertReadyMachines(1);
        String machine = allocator.jdbc.sql("SELECT name FROM machines ORDER BY id DESC LIMIT 1").query(String.class).single();
        ParticipantBrowser ada = new ParticipantBrowser(allocator);
        ada.claimSeat(ADA);
        HttpResponse<String> page = ada.send(HttpRequest.newBuilder(allocator.uri("/m/" + machine + "/down/")).header("Accept", "text/html"));
        assertThat(page.statusCode()).isEqualTo(503);
        assertThat(page.body()).contains("tunnel is not connected").contains("reloads by itself");
        allocator.reset();

        try (RunningAgent agent = connectedAgent(machineDir)) {
            ParticipantBrowser bob = new ParticipantBrowser(allocator);
            bob.claimSeat("bob@example.org");
            String app = "/m/" + agent.machineName + "/down/";
            HttpResponse<String> down = bob.send(HttpRequest.newBuilder(allocator.uri(app)).header("Accept", "text/html"));
            assertThat(down.statusCode()).isEqualTo(502);
            assertThat(down.body()).contains("the app is not answering yet; it may still be starting").doesNotContain("Exception");
            HttpResponse<String> api = bob.send(HttpRequest.newBuilder(allocator.uri(app + "api/status")));
            assertThat(api.statusCode()).isEqualTo(502);
            assertThat(api.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        }
    }

    @Test
    void eachMachinesSessionIsToldItsOwnPrefix() {
        SessionCommand command = allocator.context.getBean(SessionCommand.class);

        assertThat(command.forMachine("seat-3")).contains("--NotebookApp.base_url=/m/seat-3/jupyter/");
        assertThat(command.environmentFor("seat-3"))
                .containsEntry("LABLINK_BASE_URL_JUPYTER", "/m/seat-3/jupyter/")
                .containsEntry("LABLINK_BASE_URL_DOWN", "/m/seat-3/down/")
                .containsKey("LABLINK_PORT_JUPYTER");
    }

    @Test
    void theAppNeverSeesTheAllocatorsCookiesNorSetsThem() {
        assertThat(AllocatorCookies.withoutOurs("SESSION=abc; _xsrf=2|x; XSRF-TOKEN=t; username-127-0-0-1-8888=u"))
                .isEqualTo("_xsrf=2|x; username-127-0-0-1-8888=u");
        assertThat(AllocatorCookies.setsOurs("SESSION=evil; Path=/")).isTrue();
        assertThat(AllocatorCookies.setsOurs("_xsrf=2|x; Path=/m/seat-1/jupyter/")).isFalse();
    }

    @Test
    void aViewerAccountMayNotOpenAParticipantsApp(@TempDir Path machineDir) throws Exception {
        try (RunningAgent agent = connectedAgent(machineDir)) {
            HttpResponse<String> added = allocator.admin("POST", "/api/v1/admins", "{\"username\":\"vera\",\"role\":\"viewer\",\"password\":\"vera-password-1234\"}");
            assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
            HttpResponse<String> page = signedIn("vera", "vera-password-1234").send(HttpRequest.newBuilder(allocator.uri("/m/" + agent.machineName + "/down/"))
                    .header("Accept", "text/html").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).as("an app runs code on the participant's machine; a viewer only reads").isEqualTo(404);
        }
    }

    @Test
    void theAllocatorsCookiesAreHttpOnlySoAnAppsScriptsCannotReadThem() {
        ParticipantBrowser ada = new ParticipantBrowser(allocator);
        HttpResponse<String> requestPage = ada.get("/");
        allocator.insertReadyMachines(1);
        HttpResponse<String> claimed = ada.claim(ADA);
        List<String> setCookies = new java.util.ArrayList<>(requestPage.headers().allValues("Set-Cookie"));
        setCookies.addAll(claimed.headers().allValues("Set-Cookie"));
        assertThat(setCookies).isNotEmpty().allSatisfy(cookie -> assertThat(cookie).containsIgnoringCase("HttpOnly"));
    }

    private static RunningAgent connectedAgent(Path machineDir) {
        RunningAgent agent = RunningAgent.onNewMachine(allocator, machineDir);
        long id = agent.machine(allocator).id();
        await().atMost(Duration.ofSeconds(20)).until(() -> allocator.context.getBean(TunnelStreams.class).isConnected(id));
        return agent;
    }

    private static HttpClient adminConsole() throws IOException, InterruptedException {
        return signedIn("admin", TestAllocator.ADMIN_PASSWORD);
    }

    private static HttpClient signedIn(String user, String password) throws IOException, InterruptedException {
        HttpClient console = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager()).build();
        String login = console.send(HttpRequest.newBuilder(allocator.uri("/admin/login")).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(login);
        assertThat(csrf.find()).isTrue();
        String form = "username=" + user + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf=" + csrf.group(1);
        HttpResponse<String> signedIn = console.send(HttpRequest.newBuilder(allocator.uri("/admin/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.statusCode()).isEqualTo(302);
        return console;
    }

    private static List<String> events(String type) {
        return allocator.jdbc.sql("SELECT actor FROM events WHERE type = :type ORDER BY id").param("type", type).query(String.class).list();
    }

    private static String executeRequest(String code) {
        String session = UUID.randomUUID().toString();
        return JSON.writeValueAsString(Map.of(
                "header", Map.of("msg_id", UUID.randomUUID().toString(), "username", "ada", "session", session,
                        "msg_type", "execute_request", "version", "5.3"),
                "parent_header", Map.of(), "metadata", Map.of(), "channel", "shell", "buffers", List.of(),
                "content", Map.of("code", code, "silent", false, "store_history", true, "user_expressions", Map.of(),
                        "allow_stdin", false, "stop_on_error", true)));
    }

    /** Collects the kernel's messages until an execute_result arrives; its text/plain is the answer. */
    private static final class KernelListener implements WebSocket.Listener {
        final CompletableFuture<String> result = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                JsonNode message = JSON.readTree(partial.toString());
                partial.setLength(0);
                if ("execute_result".equals(message.path("msg_type").asString(message.path("header").path("msg_type").asString()))) {
                    result.complete(message.path("content").path("data").path("text/plain").asString());
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            result.completeExceptionally(error);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
