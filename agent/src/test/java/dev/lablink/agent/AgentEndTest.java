package dev.lablink.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When an agent's allocator is gone for good, or refuses its token, the agent ends and takes the
 * participant's session with it, instead of retrying a dead allocator forever.
 */
class AgentEndTest {
    private static final String SESSION = "sleep 321";

    @TempDir
    Path workDir;
    private HttpServer allocator;
    private final AtomicInteger assignments = new AtomicInteger();

    @AfterEach
    void stop() {
        if (allocator != null) {
            allocator.stop(0);
        }
    }

    /** An allocator that registers the agent and hands it one claim; then {@code afterwards} answers every call. */
    private URI allocator(int afterwards) throws IOException {
        allocator = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        allocator.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            if (path.endsWith("/register") || path.endsWith("/heartbeat")) {
                answer(exchange, 200, "{\"heartbeat_seconds\": 60}");
            } else if (path.endsWith("/assignment") && assignments.getAndIncrement() == 0) {
                answer(exchange, 200, "{\"claim_id\": 1, \"email\": \"ada@example.org\", \"command\": [\"sleep\", \"321\"]}");
            } else {
                answer(exchange, afterwards, afterwards == 204 ? "" : "{}");
            }
        });
        allocator.start();
        return URI.create("http://127.0.0.1:" + allocator.getAddress().getPort() + "/");
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    private static List<ProcessHandle> sessions() {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().orElse("").endsWith(SESSION)).toList();
    }

    @Test
    void anAgentWhoseAllocatorIsGoneForGoodEndsWithItsSession() throws Exception {
        URI url = allocator(204);
        Agent agent = new Agent(new AgentSettings(url, "token", "lablink-vm-1", workDir, Duration.ofSeconds(1), "nvidia-smi", "start-host",
                Duration.ofSeconds(2)));
        CompletableFuture<Boolean> run = CompletableFuture.supplyAsync(agent::runUntilStopped);
        await().atMost(Duration.ofSeconds(10)).until(() -> !sessions().isEmpty());
        List<ProcessHandle> session = sessions();

        allocator.stop(0); // the allocator is gone, and stays gone

        assertThat(run.get(30, TimeUnit.SECONDS)).as("the agent ended, as a process it exits with status 3").isFalse();
        assertThat(session).noneMatch(ProcessHandle::isAlive);
    }

    @Test
    void anAgentWhoseTokenIsRefusedEndsWithItsSession() throws Exception {
        URI url = allocator(401);
        Agent agent = new Agent(new AgentSettings(url, "token", "lablink-vm-2", workDir, Duration.ofSeconds(1), "nvidia-smi", "start-host"));

        CompletableFuture<Boolean> run = CompletableFuture.supplyAsync(agent::runUntilStopped);

        assertThat(run.get(30, TimeUnit.SECONDS)).isFalse();
        assertThat(sessions()).isEmpty();
    }

    @Test
    void withoutABoundAnAgentKeepsTryingThroughAnAllocatorRestart() {
        AgentSettings settings = AgentSettings.fromEnvironment(java.util.Map.of(AgentSettings.URL_VARIABLE, "http://x:1",
                AgentSettings.TOKEN_VARIABLE, "t"));
        assertThat(settings.giveUpAfter()).isNull();
        assertThat(AgentSettings.fromEnvironment(java.util.Map.of(AgentSettings.URL_VARIABLE, "http://x:1", AgentSettings.TOKEN_VARIABLE, "t",
                AgentSettings.GIVE_UP_VARIABLE, "900")).giveUpAfter()).isEqualTo(Duration.ofMinutes(15));
    }
}
