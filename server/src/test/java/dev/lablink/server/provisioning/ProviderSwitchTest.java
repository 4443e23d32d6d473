package dev.lablink.server.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lablink.core.config.LabLinkConfig;
import dev.lablink.core.machine.MachineState;
import dev.lablink.fakecloud.FakeLambdaCloud;
import dev.lablink.server.TestAllocator;
import dev.lablink.server.TestConfigs;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A data dir that had local machines, then a config that says {@code provider: lambda}: the local
 * machines (agents and a participant's session) are still destroyed by the provider that made
 * them, and a machine no configured provider can reach is reported as not destroyed.
 */
class ProviderSwitchTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String KEY = "lambda-test-key-0123456789";

    @TempDir
    Path dataDir;

    private List<ProcessHandle> processesOf(TestAllocator allocator, List<String> names) throws Exception {
        List<ProcessHandle> processes = new ArrayList<>();
        for (String name : names) {
            String pidFile = Files.readString(allocator.dataDir.resolve("machines").resolve(name).resolve("agent.pid"));
            ProcessHandle agent = ProcessHandle.of(Long.parseLong(pidFile.trim().split("\\s+")[0])).orElseThrow();
            processes.add(agent);
            processes.addAll(agent.descendants().toList());
        }
        return processes;
    }

    @Test
    void downAfterASwitchFromLocalStopsTheLocalAgentsAndTheirSessions() throws Exception {
        TestAllocator before = TestAllocator.start(dataDir, 0);
        List<ProcessHandle> processes;
        try {
            List<String> names = before.createReadyMachines(2);
            HttpResponse<String> claim = before.admin("POST", "/api/v1/claims", "{\"email\": \"ada@example.org\"}");
            String claimed = JSON.readTree(claim.body()).get("machine").asString();
            await().atMost(Duration.ofSeconds(20)).until(() -> before.stateOf(claimed) == MachineState.IN_USE);
            await().atMost(Duration.ofSeconds(10)).until(() -> processesOf(before, names).size() > names.size());
            processes = processesOf(before, names);
        } finally {
            before.stop();
        }

        try (FakeLambdaCloud lambda = new FakeLambdaCloud(0, KEY)) {
            LabLinkConfig lambdaConfig = TestConfigs.config(dataDir, """
                    provider: lambda
                    lambda: {api_key: %s, endpoint: %s, launches_per_minute: 600}
                    """.formatted(KEY, lambda.apiBase()));
            TestAllocator after = TestAllocator.start(lambdaConfig, dataDir);
            try {
                HttpResponse<String> down = after.admin("POST", "/api/v1/down", "{}");

                assertThat(down.statusCode()).as(down.body()).isEqualTo(200);
                JsonNode result = JSON.readTree(down.body());
                assertThat(result.get("destroyed").asInt()).isEqualTo(2);
                assertThat(result.get("failed")).isEmpty();
                assertThat(processes).as("agents and the participant's session").hasSizeGreaterThan(2).noneMatch(ProcessHandle::isAlive);
            } finally {
                after.stop();
            }
        }
    }

    @Test
    void aMachineOfAProviderNoLongerConfiguredIsReportedAsNotDestroyed() {
        TestAllocator allocator = TestAllocator.shared();
        allocator.reset();
        allocator.machine().named("lablink-vm-91").provider("aws", "i-0abc").insert();

        JsonNode result = JSON.readTree(allocator.admin("POST", "/api/v1/down", "{}").body());

        assertThat(result.get("destroyed").asInt()).isZero();
        assertThat(result.get("failed")).singleElement().extracting(JsonNode::asString).asString()
                .startsWith("lablink-vm-91: not destroyed: provider aws, which created it, is not configured on this allocator now");
        allocator.reset();
    }
}
