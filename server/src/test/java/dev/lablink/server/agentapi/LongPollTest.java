package dev.lablink.server.agentapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.lablink.server.TestAllocator;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class LongPollTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final TestAllocator allocator = TestAllocator.shared();
    private final AssignmentWaiters waiters = allocator.context.getBean(AssignmentWaiters.class);

    @BeforeEach
    void clean() {
        allocator.reset();
    }

    private CompletableFuture<HttpResponse<String>> poll(String token, String query) {
        return CompletableFuture.supplyAsync(() -> allocator.agent("GET", "/api/v1/agent/assignment?" + query, null, token),
                Executors.newVirtualThreadPerTaskExecutor());
    }

    @Test
    void anAssignmentMadeBeforeThePollIsAnsweredAtOnce() {
        String token = allocator.insertReadyMachines(1).getFirst();
        allocator.admin("POST", "/api/v1/claims", "{\"email\":\"early@example.org\"}");

        HttpResponse<String> response = allocator.agent("GET", "/api/v1/agent/assignment?wait=60", null, token);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("email").asString()).isEqualTo("early@example.org");
        assertThat(body.get("claim_id").asLong()).isPositive();
        assertThat(body.get("command")).isNotEmpty();
    }

    @Test
    void aWaitingPollIsWokenByTheClaim() throws Exception {
        String token = allocator.insertReadyMachines(1).getFirst();
        CompletableFuture<HttpResponse<String>> waiting = poll(token, "wait=60");
        await().atMost(Duration.ofSeconds(5)).until(() -> waiters.waitingCount() == 1);

        allocator.admin("POST", "/api/v1/claims", "{\"email\":\"late@example.org\"}");

        HttpResponse<String> response = waiting.get(5, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("email").asString()).isEqualTo("late@example.org");
    }

    @Test
    void adminsSeeHowManyAgentsAreWaitingInTheMetrics() throws Exception {
        String token = allocator.insertReadyMachines(1).getFirst();
        CompletableFuture<HttpResponse<String>> waiting = poll(token, "wait=60");
        await().atMost(Duration.ofSeconds(5)).until(() -> waiters.waitingCount() == 1);

        assertThat(allocator.admin("GET", "/actuator/prometheus", null).body()).contains("lablink_agents_waiting 1.0");

        allocator.admin("POST", "/api/v1/claims", "{\"email\":\"metrics@example.org\"}");
        assertThat(waiting.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(allocator.admin("GET", "/actuator/prometheus", null).body()).contains("lablink_agents_waiting 0.0");
    }

    @Test
    void aPollWithNothingNewRunsOutWith204() {
        String token = allocator.insertReadyMachines(1).getFirst();
        HttpResponse<String> response = allocator.agent("GET", "/api/v1/agent/assignment?wait=1", null, token);
        assertThat(response.statusCode()).isEqualTo(204);
    }

    /** wait=0 is in the documented range (0–120): it answers at once, and leaves no waiter parked behind it. */
    @Test
    void aPollWithWaitZeroAnswersAtOnceAndLeavesNoWaiterBehind() throws Exception {
        String token = allocator.insertReadyMachines(1).getFirst();
        for (int i = 0; i < 20; i++) {
            assertThat(poll(token, "wait=0").get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(204);
        }
        assertThat(waiters.waitingCount()).isZero();
        assertThat(allocator.admin("GET", "/actuator/prometheus", null).body()).contains("lablink_agents_waiting 0.0");

        allocator.admin("POST", "/api/v1/claims", "{\"email\":\"now@example.org\"}");
        HttpResponse<String> assigned = poll(token, "wait=0").get(5, TimeUnit.SECONDS);
        assertThat(assigned.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(assigned.body()).get("email").asString()).isEqualTo("now@example.org");
        assertThat(waiters.waitingCount()).isZero();
    }

    /**
     * An agent that hangs up mid-poll (killed, network gone) does not stay counted as waiting. Tomcat
     * does not watch a parked request's socket, so its waiter goes when its wait runs out.
     */
    @Test
    void aWaiterWhoseClientHungUpIsGoneWhenItsWaitRunsOut() throws Exception {
        String token = allocator.insertReadyMachines(1).getFirst();
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", allocator.port)) {
            socket.getOutputStream().write(("GET /api/v1/agent/assignment?wait=2 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer " + token + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            await().atMost(Duration.ofSeconds(5)).until(() -> waiters.waitingCount() == 1);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> waiters.waitingCount() == 0);
    }

    @Test
    void aPollThatKnowsItsClaimWaitsUntilTheSeatIsReleased() throws Exception {
        String token = allocator.insertReadyMachines(1).getFirst();
        allocator.admin("POST", "/api/v1/claims", "{\"email\":\"ada@example.org\"}");
        long claim = JSON.readTree(allocator.agent("GET", "/api/v1/agent/assignment?wait=0", null, token).body()).get("claim_id").asLong();

        assertThat(allocator.agent("GET", "/api/v1/agent/assignment?wait=1&current=" + claim, null, token).statusCode()).isEqualTo(204);

        CompletableFuture<HttpResponse<String>> waiting = poll(token, "wait=60&current=" + claim);
        await().atMost(Duration.ofSeconds(5)).until(() -> waiters.waitingCount() == 1);
        String name = allocator.jdbc.sql("SELECT name FROM machines").query(String.class).single();
        allocator.admin("DELETE", "/api/v1/vms/" + name, null);

        JsonNode released = JSON.readTree(waiting.get(5, TimeUnit.SECONDS).body());
        assertThat(released.get("claim_id").isNull()).isTrue();
    }

    @Test
    void aClaimWrittenByAnotherAllocatorProcessWakesTheWaiterThroughNotify() throws Exception {
        String token = allocator.insertReadyMachines(1).getFirst();
        CompletableFuture<HttpResponse<String>> waiting = poll(token, "wait=60");
        await().atMost(Duration.ofSeconds(5)).until(() -> waiters.waitingCount() == 1);

        // What another allocator on the same database does: the claim statement, with its NOTIFY, and no local wake-up.
        allocator.context.getBean(dev.lablink.server.allocation.ClaimRepository.class).claimFreeMachine("elsewhere@example.org", "page-key-from-another-allocator", dev.lablink.server.allocation.Claim.Sealed.NONE);

        HttpResponse<String> response = waiting.get(5, TimeUnit.SECONDS);
        assertThat(JSON.readTree(response.body()).get("email").asString()).isEqualTo("elsewhere@example.org");
    }

    @Test
    void parkedPollsHoldNoDatabaseConnection() {
        List<String> tokens = allocator.insertReadyMachines(100);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            tokens.forEach(token -> pool.submit(() -> allocator.agent("GET", "/api/v1/agent/assignment?wait=3", null, token)));
            await().atMost(Duration.ofSeconds(10)).until(() -> waiters.waitingCount() == 100);

            HikariDataSource pool2 = allocator.context.getBean(HikariDataSource.class);
            assertThat(pool2.getHikariPoolMXBean().getActiveConnections()).isLessThanOrEqualTo(1);
        }
    }
}
