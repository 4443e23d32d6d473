package dev.lablink.server.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lablink.core.config.LabLinkConfig;
import dev.lablink.fakecloud.FakeEc2;
import dev.lablink.fakecloud.FakeLambdaCloud;
import dev.lablink.server.OwnAllocatorTestBase;
import dev.lablink.server.TestAllocator;
import dev.lablink.server.TestConfigs;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The allocator walking a tier across two clouds, against fakes of Lambda Cloud and EC2:
 * {@code machine.tier: H100_OR_LESS} over {@code [lambda, aws]}, where only A100s have room.
 */
class CloudPlacementTest extends OwnAllocatorTestBase {
    private static final String KEY = "lambda-test-key-0123456789";
    @TempDir
    static Path dataDir;
    private static FakeLambdaCloud lambda;
    private static FakeEc2 ec2;

    @BeforeAll
    static void start() {
        lambda = new FakeLambdaCloud(0, KEY);
        ec2 = new FakeEc2(0);
        LabLinkConfig config = TestConfigs.config(dataDir, """
                provider: lambda
                machine: {tier: H100_OR_LESS, providers: [lambda, aws]}
                aws:
                  region: us-east-1
                  ami: ami-0123456789abcdef0
                  ssh_cidrs: [203.0.113.0/24]
                  endpoint: %s
                  access_key_id: AKIDEXAMPLE
                  secret_access_key: secret
                lambda: {api_key: %s, endpoint: %s, launches_per_minute: 600}
                reconcile: {interval_seconds: 3600}
                """.formatted(ec2.endpoint(), KEY, lambda.apiBase()));
        allocator = TestAllocator.start(config, dataDir);
    }

    @AfterAll
    static void stopClouds() {
        lambda.close();
        ec2.close();
    }

    @BeforeEach
    void onlyA100sHaveRoom() {
        ec2.noCapacity("p5.4xlarge").noCapacity("g5.xlarge");
        lambda.capacity("gpu_1x_h100_sxm5", "us-west-1", 0).capacity("gpu_1x_a100_sxm4", "us-west-1", 0).capacity("gpu_1x_a100", "us-east-1", 10);
    }

    private List<Map<String, Object>> machines() {
        return allocator.jdbc.sql("SELECT name, provider, machine_type, region, state, state_reason, price_cents_per_hour FROM machines ORDER BY id")
                .query().listOfRows();
    }

    private List<String> events(String type) {
        return allocator.jdbc.sql("SELECT message FROM events WHERE type = :type ORDER BY id").param("type", type).query(String.class).list();
    }

    @Test
    void fourMachinesOnAnH100TierWhereOnlyA100sHaveRoomAreFourA100sAndTheEventsSayWhy() {
        HttpResponse<String> created = allocator.admin("POST", "/api/v1/vms", "{\"count\": 4}");
        assertThat(created.statusCode()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(30)).until(() -> machines().stream().allMatch(m -> m.get("state").equals("BOOTING")));
        assertThat(machines()).hasSize(4).allSatisfy(m -> {
            assertThat(m).containsEntry("provider", "lambda").containsEntry("machine_type", "gpu_1x_a100").containsEntry("region", "us-east-1")
                    .containsEntry("price_cents_per_hour", 129);
        });
        assertThat(lambda.instances()).hasSize(4);
        await().atMost(Duration.ofSeconds(5)).until(() -> !events("PLACEMENT").isEmpty());
        assertThat(events("PLACEMENT")).singleElement().asString()
                .as("the batch's number, then its size: not 'batch 8 of 4'").matches("batch \\d+ \\(4 machines\\): .*")
                .contains("skipped gpu_1x_h100_sxm5 at lambda: no capacity")
                .contains("tried p5.4xlarge in us-east-1 at aws: no capacity for 4", "InsufficientInstanceCapacity")
                .contains("launched 4 × gpu_1x_a100 in us-east-1 at lambda");
    }

    @Test
    void aBatchTooBigForOneChoiceIsSplitAcrossTheNextOnes() {
        lambda.capacity("gpu_1x_a100_sxm4", "us-west-1", 1).capacity("gpu_1x_a100", "us-east-1", 1).capacity("gpu_1x_a6000", "us-south-1", 5);

        allocator.admin("POST", "/api/v1/vms", "{\"count\": 3}");

        await().atMost(Duration.ofSeconds(30)).until(() -> machines().stream().allMatch(m -> m.get("state").equals("BOOTING")));
        assertThat(machines()).extracting(m -> m.get("machine_type"))
                .containsExactlyInAnyOrder("gpu_1x_a100_sxm4", "gpu_1x_a100", "gpu_1x_a6000");
        await().atMost(Duration.ofSeconds(5)).until(() -> !events("PLACEMENT").isEmpty());
        assertThat(events("PLACEMENT").getLast()).contains("launched 1 × gpu_1x_a100_sxm4", "launched 1 × gpu_1x_a100 in", "launched 1 × gpu_1x_a6000");
    }

    @Test
    void whenNothingHasRoomEveryMachineFailsWithTheWholeWalkAsItsReason() {
        lambda.capacity("gpu_1x_a100", "us-east-1", 0);

        allocator.admin("POST", "/api/v1/vms", "{\"count\": 2}");

        await().atMost(Duration.ofSeconds(30)).until(() -> machines().stream().allMatch(m -> m.get("state").equals("FAILED")));
        assertThat(machines()).allSatisfy(m -> assertThat((String) m.get("state_reason"))
                .startsWith("no capacity in any choice").contains("gpu_1x_h100_sxm5", "p5.4xlarge", "g5.xlarge"));
    }

    @Test
    void capacityAndThePlanAreShownWithoutLaunchingAnything() {
        HttpResponse<String> capacity = allocator.admin("GET", "/api/v1/capacity?provider=lambda", null);
        HttpResponse<String> plan = allocator.admin("GET", "/api/v1/capacity/plan?tier=H100_OR_LESS", null);
        HttpResponse<String> badTier = allocator.admin("GET", "/api/v1/capacity/plan?tier=H200_OR_MORE", null);

        assertThat(capacity.statusCode()).isEqualTo(200);
        assertThat(capacity.body()).contains("\"machine_type\":\"gpu_1x_a100\"", "\"price_cents_per_hour\":129", "\"regions_with_capacity\":[\"us-east-1\"]");
        assertThat(plan.body()).contains("\"pick\":{\"provider\":\"aws\",\"machine_type\":\"p5.4xlarge\"");
        assertThat(badTier.statusCode()).isEqualTo(400);
        assertThat(badTier.body()).contains("H200_OR_MORE", "H100_OR_LESS");
        assertThat(lambda.instances()).isEmpty();
    }

    @Test
    void reconciliationFailsALostMachineFindsAnOrphanAndDestroysItOnRequest() {
        allocator.admin("POST", "/api/v1/vms", "{\"count\": 2}");
        await().atMost(Duration.ofSeconds(30)).until(() -> machines().stream().allMatch(m -> m.get("state").equals("BOOTING")));
        allocator.jdbc.sql("UPDATE machines SET state_changed_at = now() - interval '5 minutes'").update();
        String lostId = lambda.instances().getFirst().path("id").asString();
        lambda.lose(lostId);
        String keyName = lambda.instances().getFirst().path("ssh_key_names").get(0).asString();
        String stray = lambda.launchStray("someone-elses", "gpu_1x_a10", "us-east-1", keyName);

        HttpResponse<String> result = allocator.admin("POST", "/api/v1/reconcile", "");

        assertThat(result.statusCode()).isEqualTo(200);
        assertThat(result.body()).contains("\"provider\":\"lambda\",\"running\":1,\"lost\":1,\"orphans\":1");
        assertThat(machines()).filteredOn(m -> m.get("state").equals("FAILED")).singleElement()
                .satisfies(m -> assertThat((String) m.get("state_reason")).contains("lost by lambda", lostId));
        assertThat(events("ORPHAN_FOUND")).singleElement().asString().contains("someone-elses", stray);

        HttpResponse<String> destroyed = allocator.admin("POST", "/api/v1/orphans/lambda/" + stray + "/destroy", "");

        assertThat(destroyed.statusCode()).isEqualTo(200);
        assertThat(lambda.instances()).extracting(i -> i.path("id").asString()).doesNotContain(stray);
        assertThat(allocator.admin("GET", "/api/v1/usage", null).body()).contains("\"orphans\":[]", "\"provider\":\"lambda\",\"live_machines\":1");
        assertThat(allocator.admin("POST", "/api/v1/orphans/lambda/" + stray + "/destroy", "").statusCode()).isEqualTo(404);
    }

    @Test
    void downDestroysEveryMachineAndDeletesTheDeploymentsSshKey() {
        allocator.admin("POST", "/api/v1/vms", "{\"count\": 1}");
        await().atMost(Duration.ofSeconds(30)).until(() -> machines().stream().allMatch(m -> m.get("state").equals("BOOTING")));
        assertThat(lambda.sshKeyNames()).hasSize(1);

        HttpResponse<String> down = allocator.admin("POST", "/api/v1/down", "");

        assertThat(down.statusCode()).isEqualTo(200);
        assertThat(down.body()).contains("\"destroyed\":1");
        assertThat(lambda.instances()).isEmpty();
        assertThat(lambda.sshKeyNames()).isEmpty();
        assertThat(machines()).allSatisfy(m -> assertThat(m.get("state")).isEqualTo("TERMINATED"));
    }
}
