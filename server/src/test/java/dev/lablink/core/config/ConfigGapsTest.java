package dev.lablink.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a config check let through or answered badly, each as a user would write it. */
class ConfigGapsTest {
    @TempDir
    Path dir;

    private final ConfigLoader loader = new ConfigLoader();

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("lablink.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void anUnknownProviderIsRefusedWithTheListOfProviders() throws IOException {
        assertThatThrownBy(() -> loader.load(write("provider: nosuch\n"), Map.of()))
                .hasMessageEndingWith("provider: 'nosuch' is not a provider; use one of local, lambda, aws, gce, kubernetes, terraform");
        assertThatThrownBy(() -> loader.load(write("provider: lambda\nmachine: {tier: H100_OR_LESS, providers: [lambda, nosuch]}\n"), Map.of()))
                .hasMessageContaining("machine.providers: 'nosuch' is not a provider; use one of local, lambda");
        assertThatThrownBy(() -> loader.load(null, Map.of("LABLINK_PROVIDER", "nosuch")))
                .hasMessageContaining("provider: 'nosuch' is not a provider").hasMessageContaining("LABLINK_PROVIDER");
    }

    @Test
    void theLocalProviderTakesNoMachineType() throws IOException {
        assertThatThrownBy(() -> loader.load(write("provider: local\nmachine:\n  machine_type: gpu_1x_h100\n"), Map.of()))
                .hasMessageEndingWith("machine.machine_type: the local provider runs each machine as a process on this host and has no machine types; leave it out");
        assertThat(loader.load(write("provider: aws\nmachine:\n  machine_type: g5.xlarge\naws: {ami: ami-0123456789abcdef0}\n"), Map.of())
                .machine().machineType()).isEqualTo("g5.xlarge");
    }

    @Test
    void aHugeFileIsRefusedAtOnceInOneLine() throws IOException {
        Path huge = dir.resolve("huge.yaml");
        try (Writer out = Files.newBufferedWriter(huge)) {
            out.write("# ");
            for (int i = 0; i < 20 * 1024; i++) {
                out.write("x".repeat(1024));
            }
            out.write("\nprovider: local\n");
        }

        assertTimeoutPreemptively(Duration.ofSeconds(5), () ->
                assertThatThrownBy(() -> loader.load(huge, Map.of()))
                        .hasMessage(huge + ": larger than 1 MB; a lablink.yaml is a few kB, is this the right file?"));
    }

    @Test
    void aWholeNumberMustBeWrittenAsOne() throws IOException {
        assertThatThrownBy(() -> loader.load(write("telemetry:\n  heartbeat_seconds: 1.5\n"), Map.of()))
                .hasMessageContaining("telemetry.heartbeat_seconds: wrong type");
        assertThatThrownBy(() -> loader.load(null, Map.of("LABLINK_TELEMETRY_HEARTBEAT_SECONDS", "1.5")))
                .hasMessageContaining("telemetry.heartbeat_seconds: wrong type").hasMessageContaining("LABLINK_TELEMETRY_HEARTBEAT_SECONDS");
        assertThat(loader.load(write("telemetry:\n  heartbeat_seconds: 20\n"), Map.of()).telemetry().heartbeatSeconds()).isEqualTo(20);
    }

    @Test
    void aDataDirThatIsNoPathIsOneLine() throws IOException {
        assertThatThrownBy(() -> loader.load(write("data_dir: \"\\0\"\n"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("data_dir: '\\u0000' is not a usable path (nul character not allowed); give a directory like /var/lib/lablink")
                .hasMessageNotContaining("\0");
    }

    @Test
    void anUnknownLabLinkVariableIsRefusedWithTheNearestName() {
        assertThatThrownBy(() -> loader.load(null, Map.of("LABLINK_SERVER_PROT", "9000")))
                .hasMessage("environment variable LABLINK_SERVER_PROT: not a LabLink setting; did you mean LABLINK_SERVER_PORT?");
        assertThatThrownBy(() -> loader.load(null, Map.of("LABLINK_ADMIN_PASWORD", "x")))
                .hasMessageContaining("did you mean LABLINK_ADMIN_PASSWORD?");
    }

    @Test
    void variablesThatOtherPartsOfLabLinkReadAreNoMistake() {
        LabLinkConfig config = loader.load(null, Map.of("LABLINK_ADMIN_PASSWORD", "for-the-cli", "LABLINK_URL", "http://localhost:8080",
                "LABLINK_REQUIRE_BROWSER", "1", "LABLINK_AGENT_TOKEN", "t", "LABLINK_CONFIG", "lablink.yaml",
                "LABLINK_DATA_DIR", dir.toString(), "PATH", "/usr/bin", "LABLINK_TOKEN", "llk_x", "LABLINK_SEAT_TOKEN", "lls_x"));

        assertThat(config.dataDirPath()).isEqualTo(dir);
    }

    @Test
    void aListFromTheEnvironmentIsCheckedLikeTheSameListInTheFile() throws IOException {
        Path file = write("logs:\n  files: /etc/passwd\n");
        String fromFile = messageOf(() -> loader.load(file, Map.of()));
        String fromEnvironment = messageOf(() -> loader.load(null, Map.of("LABLINK_LOGS_FILES", "/etc/passwd")));
        assertThat(fromFile).contains("logs.files: wrong type");
        assertThat(fromEnvironment).contains("logs.files: wrong type").contains("(set by environment variable LABLINK_LOGS_FILES)");

        assertThatThrownBy(() -> loader.load(null, Map.of("LABLINK_LOGS_FILES", "[var/log/syslog]")))
                .hasMessageContaining("logs.files: every entry must be an absolute path");
        assertThat(loader.load(null, Map.of("LABLINK_LOGS_FILES", "[/var/log/syslog, /var/log/app.log]")).logs().files())
                .containsExactly("/var/log/syslog", "/var/log/app.log");
    }

    private static String messageOf(Runnable load) {
        try {
            load.run();
        } catch (ConfigException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted");
    }
}
