package dev.lablink.server.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lablink.server.TestAllocator;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** From a class path (tests, IDE) the allocator has no agent jar: the downloads say so in a line, with no credentials asked. */
class AgentDownloadTest {
    private final TestAllocator allocator = TestAllocator.shared();

    @Test
    void aClassPathRunAnswersTheAgentDownloadsWith404AndTheWayOut() {
        for (String path : new String[] {"/downloads/lablink-agent.jar", "/downloads/lablink-agent.jar.sha256"}) {
            HttpResponse<String> response = allocator.anonymous("GET", path, null);
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(response.body()).as(path).contains("without lablink-agent.jar", "run it with bin/lablink server");
        }
    }

    @Test
    void theHashMachinesAreGivenIsTheSha256OfTheServedBytes() {
        AgentJar jar = new AgentJar("agent".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertThat(jar.sha256()).hasValue("d4f0bc5a29de06b510f9aa428f1eedba926012b591fef7a518e776a7c9bd1824");
        assertThat(new AgentJar(null).sha256()).isEmpty();
    }
}
