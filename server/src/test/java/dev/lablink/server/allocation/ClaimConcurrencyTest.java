package dev.lablink.server.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lablink.server.ParticipantBrowser;
import dev.lablink.server.TestAllocator;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ClaimConcurrencyTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final TestAllocator allocator = TestAllocator.shared();

    @BeforeEach
    void clean() {
        allocator.reset();
    }

    /** {@code count} people, each in their own browser with the request page open, press "Request a machine" at once. */
    private List<HttpResponse<String>> fireAtOnce(int count, IntFunction<String> email) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<ParticipantBrowser> browsers = IntStream.range(0, count).mapToObj(i -> new ParticipantBrowser(allocator)).toList();
        List<String> csrf = browsers.stream().map(ParticipantBrowser::csrfToken).toList();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<HttpResponse<String>>> futures = IntStream.range(0, count).mapToObj(i -> pool.submit(() -> {
                start.await();
                return browsers.get(i).postRaw("/claim", Map.of("email", email.apply(i), "_csrf", csrf.get(i)));
            })).toList();
            start.countDown();
            List<HttpResponse<String>> responses = new java.util.ArrayList<>();
            for (Future<HttpResponse<String>> future : futures) {
                responses.add(future.get());
            }
            return responses;
        }
    }

    @Test
    void twoHundredClaimsOnFiftySeatsGiveFiftyDistinctSeatsAndCleanConflicts() throws Exception {
        allocator.insertReadyMachines(50);

        List<HttpResponse<String>> responses = fireAtOnce(200, i -> "participant" + i + "@example.org");

        List<HttpResponse<String>> won = responses.stream().filter(r -> r.statusCode() == 302).toList();
        List<HttpResponse<String>> refused = responses.stream().filter(r -> r.statusCode() == 409).toList();
        assertThat(won).hasSize(50);
        assertThat(refused).hasSize(150);
        assertThat(won.stream().map(r -> r.headers().firstValue("Location").orElseThrow()).distinct()).hasSize(50);
        assertThat(refused.getFirst().body()).contains("No machine is free right now").contains("<strong>0</strong> of <span>50</span>");

        int doubleBooked = allocator.jdbc.sql("""
                SELECT count(*) FROM (SELECT machine_id FROM claims WHERE released_at IS NULL
                                      GROUP BY machine_id HAVING count(*) > 1) twice
                """).query(Integer.class).single();
        assertThat(doubleBooked).isZero();
        assertThat(allocator.jdbc.sql("SELECT count(*) FROM machines WHERE state = 'ASSIGNED'").query(Integer.class).single()).isEqualTo(50);
        assertThat(allocator.jdbc.sql("SELECT count(*) FROM events WHERE to_state = 'ASSIGNED'").query(Integer.class).single()).isEqualTo(50);
    }

    @Test
    void twentyConcurrentClaimsWithOneEmailFromTwentyBrowsersGetOneMachineForOneBrowser() throws Exception {
        allocator.insertReadyMachines(10);

        List<HttpResponse<String>> responses = fireAtOnce(20, i -> i % 2 == 0 ? "Same@Example.org" : "same@example.org");

        // one browser gets the seat; the others are told the email has one, and are not shown it
        assertThat(responses.stream().filter(r -> r.statusCode() == 302)).hasSize(1);
        assertThat(responses.stream().filter(r -> r.statusCode() == 409)).hasSize(19)
                .allSatisfy(r -> assertThat(r.body()).contains("already has a seat").doesNotContain("/seat/"));
        assertThat(allocator.jdbc.sql("SELECT count(*) FROM claims WHERE email = 'same@example.org'").query(Integer.class).single()).isEqualTo(1);
        assertThat(allocator.jdbc.sql("SELECT count(*) FROM machines WHERE state = 'READY'").query(Integer.class).single()).isEqualTo(9);
    }

    @Test
    void theSameEmailLaterGetsTheSameMachineBack() {
        allocator.insertReadyMachines(3);
        HttpResponse<String> first = allocator.admin("POST", "/api/v1/claims", "{\"email\":\"ada@example.org\"}");
        HttpResponse<String> again = allocator.admin("POST", "/api/v1/claims", "{\"email\":\" ADA@example.org \"}");

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(again.body()).get("machine").asString()).isEqualTo(JSON.readTree(first.body()).get("machine").asString());
        assertThat(JSON.readTree(again.body()).get("new_claim").asBoolean()).isFalse();
    }

    @Test
    void withNoMachinesTheConflictSaysSo() {
        HttpResponse<String> response = allocator.admin("POST", "/api/v1/claims", "{\"email\":\"ada@example.org\"}");
        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(response.body()).get("detail").asString()).contains("no machines exist yet");
    }
}
