package dev.lablink.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An allocator newer than this agent answers with fields the agent does not know (at the top and
 * inside nested objects); the agent takes what it knows and ignores the rest, so upgrading the
 * allocator never breaks the machines already out there. The agent says which protocol it speaks.
 */
class NewerAllocatorTest {
    @TempDir
    Path workDir;
    private HttpServer allocator;
    private final AtomicReference<String> registration = new AtomicReference<>();
    private AllocatorClient client;
    private Agent agent;

    @BeforeEach
    void newerAllocator() throws IOException {
        allocator = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        allocator.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            if (path.endsWith("/register")) {
                registration.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                answer(exchange, """
                        {"heartbeat_seconds": 30, "tunnel_ports": [8888], "protocol_version": 7,
                         "container": {"engine": "podman", "pull_policy": "always"},
                         "ssh": {"port": 2222, "authorized_keys": "~/.ssh/authorized_keys", "admin_keys": [], "certificates": true}}
                        """);
            } else {
                answer(exchange, """
                        {"claim_id": 1, "email": "ada@example.org", "command": ["sleep", "1"], "revision": "r1",
                         "image": {"reference": "registry.example/lab@sha256:0123", "gpus": "all"},
                         "crd": {"code": null, "pin": null, "new_field": 3}, "something_else": [1, 2, 3]}
                        """);
            }
        });
        allocator.start();
        URI url = URI.create("http://127.0.0.1:" + allocator.getAddress().getPort() + "/");
        AgentSettings settings = new AgentSettings(url, "token", "lablink-vm-1", workDir, Duration.ofSeconds(1), "nvidia-smi", "start-host");
        client = new AllocatorClient(settings);
        agent = new Agent(settings);
    }

    @AfterEach
    void stop() {
        allocator.stop(0);
    }

    private static void answer(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Test
    void unknownFieldsInTheRegistrationAnswerAreIgnored() throws Exception {
        AllocatorClient.Orders orders = client.register(agent.facts());

        assertThat(orders.heartbeat()).isEqualTo(Duration.ofSeconds(30));
        assertThat(orders.tunnelPorts()).containsExactly(8888);
        assertThat(orders.ssh().port()).isEqualTo(2222);
        assertThat(registration.get()).contains("\"protocol_version\":2");
    }

    @Test
    void unknownFieldsInTheAssignmentAreIgnored() throws Exception {
        Assignment assignment = client.awaitAssignment(null, null).orElseThrow();

        assertThat(assignment.email()).isEqualTo("ada@example.org");
        assertThat(assignment.claimId()).isEqualTo(1L);
        assertThat(assignment.command()).containsExactly("sleep", "1");
    }
}
