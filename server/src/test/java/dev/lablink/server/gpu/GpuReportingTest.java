package dev.lablink.server.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lablink.core.machine.MachineState;
import dev.lablink.server.TestAllocator;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** GPU readings as agents send them: judged, kept, shown to Prometheus, and acted on by recovery. */
class GpuReportingTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** What the agent sends for the healthy-h100 and thermal-throttling cases of its fake nvidia-smi. */
    private static final String HEALTHY = """
            {"status":"ok","gpus":[{"index":0,"name":"NVIDIA H100 80GB HBM3","uuid":"GPU-9f1c3b52","utilization_gpu":0,
             "utilization_memory":0,"memory_used_mib":1,"memory_total_mib":81559,"temperature_c":31,"power_w":69.85,
             "ecc_uncorrected":0,"throttle_reasons":1}]}""";
    private static final String THROTTLING = """
            {"status":"ok","gpus":[{"index":0,"name":"NVIDIA A100-SXM4-40GB","uuid":"GPU-1b2c","utilization_gpu":97,
             "utilization_memory":61,"memory_used_mib":30245,"memory_total_mib":40960,"temperature_c":89,"power_w":312.4,
             "ecc_uncorrected":0,"throttle_reasons":96}]}""";
    private static final String DRIVER_FAILURE = """
            {"status":"error","error":"NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. (exit 9)","gpus":[]}""";

    private final TestAllocator allocator = TestAllocator.shared();

    @BeforeEach
    void clean() {
        allocator.reset();
    }

    @AfterEach
    void destroy() {
        allocator.reset();
    }

    private HttpResponse<String> report(String token, String reading) {
        return allocator.agent("POST", "/api/v1/agent/gpu", reading, token);
    }

    private JsonNode machine() {
        String name = allocator.jdbc.sql("SELECT name FROM machines ORDER BY id LIMIT 1").query(String.class).single();
        return JSON.readTree(allocator.admin("GET", "/api/v1/vms/" + name, null).body());
    }

    @Test
    void readingsAreJudgedAndAChangeOfHealthIsAnEvent() {
        String token = allocator.insertReadyMachines(1).getFirst();
        allocator.admin("POST", "/api/v1/claims", "{\"email\":\"ada@example.org\"}"); // claimed: recovery leaves it

        HttpResponse<String> first = report(token, HEALTHY);
        report(token, HEALTHY);
        HttpResponse<String> hot = report(token, THROTTLING);

        assertThat(JSON.readTree(first.body()).get("health").asString()).isEqualTo("HEALTHY");
        assertThat(JSON.readTree(hot.body()).get("reason").asString()).isEqualTo("GPU 0: thermal throttling; GPU 0: 89 °C (limit 85 °C)");
        assertThat(machine().get("gpu_health").asString()).isEqualTo("DEGRADED");
        assertThat(allocator.jdbc.sql("SELECT message FROM events WHERE type = 'GPU_HEALTH' ORDER BY id").query(String.class).list())
                .containsExactly("HEALTHY: 1 GPU healthy", "DEGRADED: GPU 0: thermal throttling; GPU 0: 89 °C (limit 85 °C)");
        assertThat(allocator.jdbc.sql("SELECT count(*) FROM gpu_samples").query(Integer.class).single()).isEqualTo(3);
    }

    @Test
    void gpuReadingsAndBootTimingsAreInPrometheusWithTheMachineName() {
        String token = allocator.insertReadyMachines(1).getFirst();
        report(token, THROTTLING);
        String name = machine().get("name").asString();

        allocator.context.getBean(GpuMetrics.class).refresh();
        HttpResponse<String> scrape = allocator.admin("GET", "/actuator/prometheus", null);

        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body())
                .contains("lablink_gpu_temperature_celsius{gpu=\"0\",machine=\"" + name + "\"} 89.0")
                .contains("lablink_gpu_utilization_percent{gpu=\"0\",machine=\"" + name + "\"} 97.0")
                .contains("lablink_gpu_health{machine=\"" + name + "\"} 1.0")
                .contains("lablink_machines{state=\"READY\"} 1.0");
        assertThat(allocator.anonymous("GET", "/actuator/prometheus", null).statusCode()).isEqualTo(401);
    }

    @Test
    void anUnclaimedMachineWithAFailingGpuIsReplaced() {
        String token = allocator.insertReadyMachines(1).getFirst();
        String name = machine().get("name").asString();

        assertThat(JSON.readTree(report(token, DRIVER_FAILURE).body()).get("health").asString()).isEqualTo("UNHEALTHY");

        await().atMost(Duration.ofSeconds(30)).until(() -> allocator.stateOf(name) == MachineState.TERMINATED);
        // The destroy finishes in the background, so TERMINATED may come before the replacement's event is written.
        List<String> replacement = await().atMost(Duration.ofSeconds(10)).until(
                () -> allocator.jdbc.sql("SELECT message FROM events WHERE type = 'REPLACEMENT'").query(String.class).list(), list -> !list.isEmpty());
        assertThat(replacement).singleElement().asString().endsWith(" replaces " + name
                + ", which has an unhealthy GPU (nvidia-smi failed: NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. (exit 9))");
    }

    @Test
    void aMalformedReadingIsRefusedNamingTheField() {
        String token = allocator.insertReadyMachines(1).getFirst();

        HttpResponse<String> noStatus = report(token, "{\"gpus\":[]}");
        HttpResponse<String> noIndex = report(token, "{\"status\":\"ok\",\"gpus\":[{\"name\":\"x\"}]}");
        HttpResponse<String> wrongType = report(token, "{\"status\":\"ok\",\"gpus\":[{\"index\":0,\"temperature_c\":\"hot\"}]}");

        assertThat(JSON.readTree(noStatus.body()).get("field").asString()).isEqualTo("status");
        assertThat(JSON.readTree(noIndex.body()).get("field").asString()).isEqualTo("gpus[0].index");
        assertThat(wrongType.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(wrongType.body()).get("field").asString()).isEqualTo("gpus[0].temperature_c");
    }

    @Test
    void oldSamplesAreSummarisedInFiveMinuteRows() {
        String token = allocator.insertReadyMachines(1).getFirst();
        report(token, HEALTHY);
        report(token, THROTTLING);
        allocator.jdbc.sql("UPDATE gpu_samples SET at = TIMESTAMPTZ '2026-11-20T10:01:00Z'").update();

        int summarised = allocator.context.getBean(GpuRepository.class).downsampleOlderThan(java.time.Instant.now().minus(Duration.ofDays(1)));

        assertThat(summarised).isEqualTo(2);
        assertThat(allocator.jdbc.sql("SELECT count(*) FROM gpu_samples").query(Integer.class).single()).isZero();
        JsonNode summary = JSON.readTree(allocator.jdbc.sql("""
                SELECT json_build_object('samples', samples, 'max', max_temperature_c, 'avg', temperature_c)::text FROM gpu_samples_5m
                """).query(String.class).single());
        assertThat(summary.get("samples").asInt()).isEqualTo(2);
        assertThat(summary.get("max").asDouble()).isEqualTo(89.0);
        assertThat(summary.get("avg").asDouble()).isEqualTo(60.0);
    }
}
