package dev.lablink.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionRunnerTest {
    @TempDir
    Path workDir;

    @Test
    void argumentsReachTheProgramLiterallyWithNoShell() throws Exception {
        SessionRunner runner = new SessionRunner(workDir);
        runner.start(List.of("echo", "$(id)", "`whoami`", "a; rm -rf /"), "ada@example.org");

        Path log = workDir.resolve("session.log");
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(log) && Files.readString(log).contains("rm"));
        assertThat(Files.readString(log).trim()).isEqualTo("$(id) `whoami` a; rm -rf /");
        runner.stop();
    }

    @Test
    void theSessionSeesTheParticipantButNotTheMachineToken() throws Exception {
        SessionRunner runner = new SessionRunner(workDir);
        runner.start(List.of("env"), "ada@example.org");
        Path log = workDir.resolve("session.log");
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(log) && Files.readString(log).contains("LABLINK_USER_EMAIL"));
        assertThat(Files.readString(log)).contains("LABLINK_USER_EMAIL=ada@example.org").doesNotContain(AgentSettings.TOKEN_VARIABLE);
    }

    @Test
    void theAllocatorsEnvironmentReachesTheSessionAsGivenWithTheLoopbackListenAddress() throws Exception {
        SessionRunner runner = new SessionRunner(workDir, Map.of("PATH", System.getenv("PATH"), AgentSettings.TOKEN_VARIABLE, "agent-token-1"));
        runner.start(List.of("env"), "ada@example.org", Map.of("LABLINK_BASE_URL_JUPYTER", "/m/seat-1/jupyter/", "OMP_NUM_THREADS", "4"));
        Path log = workDir.resolve("session.log");
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(log) && Files.readString(log).contains("LABLINK_USER_EMAIL"));
        assertThat(Files.readString(log)).contains("LABLINK_BASE_URL_JUPYTER=/m/seat-1/jupyter/", "OMP_NUM_THREADS=4",
                "LABLINK_LISTEN_ADDRESS=127.0.0.1").doesNotContain("agent-token-1");
    }

    @Test
    void aRunningSessionsEnvironmentHoldsNoSecretOfTheAgentOrAllocator() throws Exception {
        // What a local agent inherits: the allocator's secrets beside the ordinary variables.
        Map<String, String> agentEnvironment = Map.of("PATH", System.getenv("PATH"), "HOME", "/home/ada", "LANG", "C.UTF-8",
                "LC_ALL", "C.UTF-8", AgentSettings.TOKEN_VARIABLE, "agent-token-1",
                "LABLINK_APP_ADMIN_PASSWORD", "admin-secret-2", "LABLINK_COMPAT_TOKEN", "compat-secret-3",
                "LABLINK_DB_PASSWORD", "db-secret-4", "AWS_SECRET_ACCESS_KEY", "aws-secret-5");
        SessionRunner runner = new SessionRunner(workDir, agentEnvironment);
        runner.start(List.of("sh", "-c", "echo $$ > session.pid; exec sleep 30"), "ada@example.org");
        Path pidFile = workDir.resolve("session.pid");
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(pidFile) && !Files.readString(pidFile).isBlank());

        String environ = Files.readString(Path.of("/proc", Files.readString(pidFile).trim(), "environ")).replace('\0', '\n');
        runner.stop();

        assertThat(environ).contains("LABLINK_USER_EMAIL=ada@example.org", "HOME=/home/ada", "LANG=C.UTF-8", "LC_ALL=C.UTF-8", "PATH=")
                .doesNotContain("agent-token-1", "admin-secret-2", "compat-secret-3", "db-secret-4", "aws-secret-5");
    }

    @Test
    void stopEndsTheSessionAndItsChildren() throws Exception {
        SessionRunner runner = new SessionRunner(workDir);
        runner.start(List.of("sh", "-c", "sleep 300 & wait"), null);
        assertThat(runner.isRunning()).isTrue();

        runner.stop();

        assertThat(runner.isRunning()).isFalse();
    }

    @Test
    void missingSettingsAreExplained() {
        assertThatThrownBy(() -> AgentSettings.fromEnvironment(Map.of(AgentSettings.URL_VARIABLE, "http://x")))
                .hasMessageContaining("LABLINK_AGENT_TOKEN is not set");
        AgentSettings settings = AgentSettings.fromEnvironment(Map.of(AgentSettings.URL_VARIABLE, "http://x:1",
                AgentSettings.TOKEN_VARIABLE, "secret", AgentSettings.NAME_VARIABLE, "vm-1"));
        assertThat(settings.allocatorUrl().toString()).isEqualTo("http://x:1/");
        assertThat(settings.toString()).doesNotContain("secret");
    }
}
