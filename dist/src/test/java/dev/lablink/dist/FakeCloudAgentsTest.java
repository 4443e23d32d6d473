package dev.lablink.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lablink.fakecloud.LaunchedInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agents dev fake-cloud runs for fake instances get the same allow-listed environment as local ones: no secret of the shell. */
class FakeCloudAgentsTest {
    @TempDir
    Path root;

    @Test
    void aFakeInstancesAgentInheritsNoSecretOfTheShell() throws Exception {
        Map<String, String> shell = Map.of("PATH", System.getenv("PATH"), "HOME", "/home/ada",
                "LABLINK_ADMIN_PASSWORD", "admin-secret-1", "AWS_SECRET_ACCESS_KEY", "aws-secret-2");
        FakeCloudAgents agents = new FakeCloudAgents(root, shell);
        agents.start(new LaunchedInstance("lambda", "i-1", "lablink-vm-1", "gpu_1x_a100", "us-east-1",
                "LABLINK_ALLOCATOR_URL=http://127.0.0.1:9\nLABLINK_AGENT_TOKEN=agent-token\nLABLINK_MACHINE_NAME=lablink-vm-1\n"));
        try {
            Path log = root.resolve("i-1").resolve("agent.log");
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(log) && Files.readString(log).contains("lablink-agent"));
            String environ = ProcessHandle.current().children().map(FakeCloudAgentsTest::environ)
                    .filter(text -> text.contains("LABLINK_AGENT_TOKEN=agent-token")).findFirst().orElseThrow();

            assertThat(environ).contains("LABLINK_MACHINE_NAME=lablink-vm-1", "HOME=/home/ada")
                    .doesNotContain("admin-secret-1", "aws-secret-2");
        } finally {
            agents.stop("i-1");
        }
    }

    private static String environ(ProcessHandle process) {
        try {
            return Files.readString(Path.of("/proc", String.valueOf(process.pid()), "environ")).replace('\0', '\n');
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
