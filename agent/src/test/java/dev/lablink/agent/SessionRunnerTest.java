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
