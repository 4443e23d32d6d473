package dev.lablink.server.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lablink.core.config.LabLinkConfig;
import dev.lablink.fakecloud.FakeComputeEngine;
import dev.lablink.server.OwnAllocatorTestBase;
import dev.lablink.server.TestAllocator;
import dev.lablink.server.TestConfigs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code provider: gce} against the fake Compute Engine: an exhausted zone moves the batch to the next one in gce.zones. */
class GcePlacementTest extends OwnAllocatorTestBase {
    @TempDir
    static Path dataDir;
    private static FakeComputeEngine gce;

    @BeforeAll
    static void start() {
        gce = new FakeComputeEngine(0);
        LabLinkConfig config = TestConfigs.config(dataDir, """
                provider: gce
                machine: {machine_type: a2-highgpu-1g}
                gce: {project: my-lab, zones: [us-central1-a, us-central1-b], endpoint: "%s"}
                """.formatted(gce.apiEndpoint()));
        allocator = TestAllocator.start(config, dataDir);
    }

    @AfterAll
    static void stopCloud() {
        gce.close();
    }

    @Test
    void anExhaustedZoneSendsTheBatchToTheNextZoneAndTheEventSaysWhy() {
        gce.exhaust("us-central1-a", "a2-highgpu-1g");

        assertThat(allocator.admin("POST", "/api/v1/vms", "{\"count\": 2}").statusCode()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(30)).until(() -> allocator.jdbc.sql("SELECT count(*) FROM machines WHERE state = 'BOOTING'")
                .query(Integer.class).single() == 2);
        assertThat(allocator.jdbc.sql("SELECT DISTINCT region FROM machines").query(String.class).list()).containsExactly("us-central1-b");
        await().atMost(Duration.ofSeconds(5)).until(() -> !allocator.jdbc.sql("SELECT message FROM events WHERE type = 'PLACEMENT'")
                .query(String.class).list().isEmpty());
        assertThat(allocator.jdbc.sql("SELECT message FROM events WHERE type = 'PLACEMENT'").query(String.class).single())
                .contains("tried a2-highgpu-1g in us-central1-a at gce: no capacity for 2", "ZONE_RESOURCE_POOL_EXHAUSTED",
                        "launched 2 × a2-highgpu-1g in us-central1-b at gce");
        assertThat(gce.instances()).hasSize(2);
    }
}
