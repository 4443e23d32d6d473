package dev.lablink.server.apps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lablink.server.OwnAllocatorTestBase;
import dev.lablink.server.ParticipantBrowser;
import dev.lablink.server.RunningAgent;
import dev.lablink.server.TestAllocator;
import dev.lablink.server.tunnel.TunnelStreams;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code session.template: jupyter} on a machine without a container engine (this one): the agent
 * runs the template's command on the machine with Debian's Jupyter Notebook, and the participant
 * opens it at /m/&lt;machine&gt;/jupyter/ through the allocator. The lab wrote one line; the test
 * only moves the app to a free port and Jupyter's own folders into a temporary one.
 */
class JupyterTemplateTest extends OwnAllocatorTestBase {
    @TempDir
    static Path dataDir;
    @TempDir
    static Path jupyterHome;

    @BeforeAll
    static void start() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        allocator = TestAllocator.start(dataDir, """
                session:
                  template: jupyter
                  apps: [{name: jupyter, port: %2$d, label: Jupyter}]
                  env: {JUPYTER_CONFIG_DIR: "%1$s/config", JUPYTER_DATA_DIR: "%1$s/data", JUPYTER_RUNTIME_DIR: "%1$s/runtime"}
                """.formatted(jupyterHome, port));
    }

    @Test
    void oneLineOfConfigGivesTheParticipantJupyterThroughTheAllocator(@TempDir Path machineDir) throws Exception {
        boolean installed = Files.isExecutable(Path.of("/usr/bin/jupyter-notebook"));
        if (!installed && "1".equals(System.getenv("LABLINK_REQUIRE_BROWSER"))) {
            throw new AssertionError("jupyter-notebook is not installed but LABLINK_REQUIRE_BROWSER is set: apt-get install jupyter-notebook");
        }
        Assumptions.assumeTrue(installed, "jupyter-notebook is not installed (apt-get install jupyter-notebook)");
        try (RunningAgent agent = RunningAgent.onNewMachine(allocator, machineDir)) {
            long id = agent.machine(allocator).id();
            await().atMost(Duration.ofSeconds(20)).until(() -> allocator.context.getBean(TunnelStreams.class).isConnected(id));
            ParticipantBrowser ada = new ParticipantBrowser(allocator);
            ada.claimSeat("ada@example.org");
            String base = "/m/" + agent.machineName + "/jupyter/";

            HttpResponse<String> first = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> ada.get(base), response -> response.statusCode() != 502);
            assertThat(first.statusCode()).as(first.body()).isEqualTo(302);
            assertThat(first.headers().firstValue("Location").orElseThrow()).as("the template told Jupyter its prefix").contains(base + "tree");
            HttpResponse<String> tree = ada.get(base + "tree");
            assertThat(tree.statusCode()).isEqualTo(200);
            assertThat(tree.body()).contains("Jupyter");
        }
    }
}
