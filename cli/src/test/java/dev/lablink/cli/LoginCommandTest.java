package dev.lablink.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** lablink login against a stand-in allocator: the browser's callback, the code traded with the verifier, the token kept privately and used. */
class LoginCommandTest {
    private HttpServer server;
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private volatile String challengeSeen;
    @TempDir
    Path config;

    @BeforeEach
    void start() throws IOException {
        StoredCredentials.folderOverride = config;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            calls.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + exchange.getRequestHeaders().getFirst("Authorization") + " " + body);
            String answer = exchange.getRequestURI().getPath().equals("/api/v1/cli-login/token")
                    ? (LoginCommand.challengeOf(ApiClient.JSON.readTree(body).path("verifier").asString()).equals(challengeSeen)
                    ? "{\"id\":4,\"token\":\"llk_from_login_123\",\"prefix\":\"llk_from_log\"}" : "{\"detail\":\"wrong verifier\"}")
                    : exchange.getRequestURI().getPath().equals("/api/v1/tokens") ? "[{\"id\":4,\"prefix\":\"llk_from_log\",\"revoked_at\":null}]" : "[]";
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.contains("wrong") ? 400 : 200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        StoredCredentials.folderOverride = null;
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void theBrowsersCallbackEndsInAStoredTokenThatLaterCommandsSend() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine login = new CommandLine(new LoginCommand());
        login.setOut(new PrintWriter(out, true));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> login.execute("--url", url(), "--timeout", "PT30S"));

        Pattern address = Pattern.compile(Pattern.quote(url()) + "/admin/cli-login\\?port=(\\d+)&state=([\\w-]+)&challenge=([\\w-]+)");
        await().atMost(Duration.ofSeconds(10)).until(() -> address.matcher(out.toString()).find());
        Matcher printed = address.matcher(out.toString());
        assertThat(printed.find()).isTrue();
        challengeSeen = printed.group(3);
        HttpClient browser = HttpClient.newHttpClient();
        HttpResponse<String> stranger = browser.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + printed.group(1)
                + "/callback?state=someone-else&code=x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(stranger.statusCode()).as("a callback without the CLI's state is ignored").isEqualTo(400);
        HttpResponse<String> back = browser.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + printed.group(1)
                + "/callback?state=" + printed.group(2) + "&code=one-time-code")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(back.body()).contains("you may close this tab");

        assertThat(exit.get()).as(out.toString()).isZero();
        assertThat(calls).anyMatch(c -> c.startsWith("POST /api/v1/cli-login/token null ") && c.contains("\"code\":\"one-time-code\""));
        Path stored = config.resolve("credentials.json");
        assertThat(Files.readString(stored)).contains("\"" + url() + "\"", "llk_from_login_123");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stored))).isEqualTo("rw-------");

        calls.clear();
        assertThat(new CommandLine(new AdminCommand()).execute("list", "--url", url())).isZero();
        assertThat(calls.getFirst()).startsWith("GET /api/v1/admins Bearer llk_from_login_123");

        calls.clear();
        assertThat(new CommandLine(new LogoutCommand()).execute("--url", url())).isZero();
        assertThat(calls).anyMatch(c -> c.startsWith("DELETE /api/v1/tokens/4 Bearer llk_from_login_123"));
        assertThat(Files.readString(stored)).doesNotContain("llk_from_login_123");
    }
}
