package dev.lablink.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each scenario once at a tiny size, so the benchmarks keep working: the invariants they report
 * (no double-booking, nothing lost, stored twice or left waiting) are asserted; their speed is not.
 */
class BenchSmokeTest {

    @Test
    void aSmallClaimBurstSeatsEveryoneOnceAndNobodyTwice() throws Exception {
        Result result = BenchMain.run("claim-burst", Map.of("seats", 30, "warm-up", 1));

        assertThat(result.get("claimed")).isEqualTo(30);
        assertThat(result.get("double_bookings")).isEqualTo(0);
        assertThat(result.get("failed_requests")).isEqualTo(0);
        assertThat((double) result.get("server_mean_ms")).isPositive();
        assertThat(result.json()).startsWith("{\"scenario\":\"claim-burst\"");
    }

    @Test
    void aSmallLogIngestStoresEveryLineOnceEvenWhenBatchesAreResent() throws Exception {
        Result result = BenchMain.run("log-ingest", Map.of("agents", 3, "batches", 4, "lines", 50));

        assertThat(result.get("lines_stored")).isEqualTo(600L);
        assertThat(result.get("lost")).isEqualTo(0L);
        assertThat(result.get("duplicated")).isEqualTo(0L);
        assertThat(result.get("resent_lines_reported_duplicate")).isEqualTo(150);
        assertThat(result.get("failed_batches")).isEqualTo(0);
    }

    @Test
    void waitingAgentsAreEachWokenByTheirMachinesClaimWithBoundedDatabaseConnections() throws Exception {
        Result result = BenchMain.run("waiting-agents", Map.of("agents", 60, "claim-rate", 200));

        assertThat(result.get("claimed")).isEqualTo(60);
        assertThat(result.get("agents_not_woken")).isEqualTo(0);
        assertThat(result.get("double_bookings")).isEqualTo(0);
        assertThat(result.get("poll_errors")).isEqualTo(0);
        assertThat((int) result.get("db_connections")).isBetween(1, 22);
        assertThat((double) result.get("heap_after_gc_mb")).isPositive();
    }

    @Test
    void aClaimOnOneAllocatorWakesAnAgentWaitingOnTheOther() throws Exception {
        Result result = BenchMain.run("two-allocators", Map.of("agents", 40, "claim-rate", 200));

        assertThat(result.get("claimed")).isEqualTo(40);
        assertThat((int) result.get("cross_allocator_claims")).isPositive();
        assertThat(result.get("agents_not_woken")).isEqualTo(0);
        assertThat(result.get("double_bookings")).isEqualTo(0);
    }

    @Test
    void machinesAreLaunchedSideBySideNotOneAfterAnother() throws Exception {
        Result result = BenchMain.run("fan-out", Map.of("machines", 12, "latency-ms", 500));

        assertThat(result.get("launched")).isEqualTo(12);
        assertThat((int) result.get("most_calls_in_flight")).isGreaterThan(1);
        assertThat((double) result.get("wall_s")).isLessThan(12 * 0.5);
    }

    @Test
    void afterAFloodOfRequestsTheAllocatorStillAnswersAnAdminAndAStaticFileWithinASecond() throws Exception {
        Result result = BenchMain.run("flood", Map.of("requests", 400));

        assertThat(result.get("failed_requests")).isEqualTo(0);
        assertThat(result.get("answered_200")).isEqualTo(400);
        assertThat(result.get("admin_after_status")).isEqualTo(200);
        assertThat(result.get("static_after_status")).isEqualTo(200);
        assertThat(result.get("still_answering")).isEqualTo(true);
        // more carriers than this small host has cores, so that a few pinned ones cannot stall the rest
        assertThat((int) result.get("carrier_parallelism")).isGreaterThanOrEqualTo(16);
    }

    @Test
    void streamsThroughTheTunnelCarryEveryByteManyCanBeOpenAtOnceAndTheParticipantsAppAnswersThroughTheProxy() throws Exception {
        Result result = BenchMain.run("tunnel", Map.of("megabytes", 8, "round-trips", 50, "opens", 10, "streams", 20,
                "http-requests", 5));

        assertThat((double) result.get("download_mb_per_s")).isPositive();
        assertThat((double) result.get("upload_mb_per_s")).isPositive();
        assertThat((double) result.get("round_trip_tunnel_p99_ms")).isPositive();
        assertThat((double) result.get("open_p99_ms")).isPositive();
        assertThat(result.get("streams_completed")).isEqualTo(20);
        assertThat(result.get("streams_failed")).isEqualTo(0);
        assertThat(result.get("port_connections_while_open")).isEqualTo(20);
        assertThat(result.get("http_proxy_answered_200")).as("the participant's requests through /m/<machine>/<app>/").isEqualTo(5);
        assertThat(result.get("http_proxy_warm_up_answered_200")).isEqualTo(5);
        assertThat(result.get("http_direct_answered_200")).isEqualTo(5);
    }

    @Test
    void anUnknownScenarioOrOptionIsRefusedWithTheUsage() {
        assertThatThrownBy(() -> BenchMain.run("claim-storm", Map.of())).hasMessageContaining("unknown scenario 'claim-storm'")
                .hasMessageContaining("claim-burst");
        assertThatThrownBy(() -> BenchMain.run("claim-burst", Map.of("seat", 10))).hasMessageContaining("--seat")
                .hasMessageContaining("--seats");
    }
}
