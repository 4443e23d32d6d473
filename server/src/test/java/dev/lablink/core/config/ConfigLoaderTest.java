package dev.lablink.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private final ConfigLoader loader = new ConfigLoader();

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("lablink.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void noFileMeansLocalProviderAndDefaults() {
        LabLinkConfig config = loader.load(null, Map.of());
        assertThat(config.provider()).isEqualTo("local");
        assertThat(config.server().port()).isEqualTo(8080);
        assertThat(config.app().adminUser()).isEqualTo("admin");
        assertThat(config.app().hasAdminPassword()).isFalse();
        assertThat(config.db().isExternal()).isFalse();
        assertThat(config.dataDirPath()).isEqualTo(Path.of(System.getProperty("user.home"), ".lablink"));
    }

    @Test
    void readsLabLinkKeyNames() throws IOException {
        Path file = write("""
                provider: lambda
                machine:
                  machine_type: g5.xlarge
                  image: ghcr.io/talmolab/lablink-client-base-image:latest
                  software: sleap
                  max_count: 20
                app:
                  admin_user: root
                  region: us-west-2
                session:
                  command: ["sleep", "600"]
                server:
                  port: 9090
                  public_url: https://lablink.example.org/
                """);
        LabLinkConfig config = loader.load(file, Map.of());
        assertThat(config.machine().machineType()).isEqualTo("g5.xlarge");
        assertThat(config.machine().software()).isEqualTo("sleap");
        assertThat(config.machine().maxCount()).isEqualTo(20);
        assertThat(config.app().adminUser()).isEqualTo("root");
        assertThat(config.session().command()).containsExactly("sleep", "600");
        assertThat(config.server().publicUrlFor(9090)).isEqualTo("https://lablink.example.org");
    }

    @Test
    void unknownKeyNamesFileKeyAndNearestValidKey() throws IOException {
        Path file = write("machine:\n  machine_typ: g5.xlarge\n");
        assertThatThrownBy(() -> loader.load(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ": machine.machine_typ: unknown key; did you mean machine.machine_type?");
    }

    @Test
    void unknownTopLevelSectionSuggestsTheSection() throws IOException {
        Path file = write("machnie:\n  image: x\n");
        assertThatThrownBy(() -> loader.load(file, Map.of()))
                .hasMessageContaining("machnie: unknown key; did you mean machine?");
    }

    @Test
    void wrongTypeNamesKeyAndExpectedType() throws IOException {
        Path file = write("server:\n  port: eighty\n");
        assertThatThrownBy(() -> loader.load(file, Map.of()))
                .hasMessage(file + ": server.port: wrong type: expected a whole number");
    }

    @Test
    void impossibleValueIsRefusedWithTheFix() throws IOException {
        Path file = write("server:\n  port: 70000\nmachine:\n  max_count: 0\n");
        assertThatThrownBy(() -> loader.load(file, Map.of()))
                .hasMessageContaining("server.port: 70000 is not a TCP port; use a number from 1 to 65535")
                .hasMessageContaining("machine.max_count: 0 is out of range");
    }

    @Test
    void internalUrlIsTheAddressOtherAllocatorsUseAndDefaultsToLoopback() throws IOException {
        assertThat(loader.load(write("server:\n  port: 8081\n"), Map.of()).server().internalUrlFor(8081)).isEqualTo("http://127.0.0.1:8081");
        assertThat(loader.load(write("server:\n  internal_url: http://10.0.0.5:8080/\n"), Map.of()).server().internalUrlFor(8080))
                .isEqualTo("http://10.0.0.5:8080");
        assertThatThrownBy(() -> loader.load(write("server:\n  internal_url: 10.0.0.5:8080\n"), Map.of()))
                .hasMessageContaining("server.internal_url: '10.0.0.5:8080' is not an absolute http(s) URL");
    }

    @Test
    void brokenYamlNamesTheLine() throws IOException {
        Path file = write("machine:\n  image: [unclosed\n");
        assertThatThrownBy(() -> loader.load(file, Map.of()))
                .hasMessageStartingWith(file + ":")
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void connectMethodMustBeKnownAndUrlNeedsATemplate() throws IOException {
        assertThatThrownBy(() -> loader.load(write("connect:\n  method: telnet\n"), Map.of()))
                .hasMessageContaining("connect.method: 'telnet'").hasMessageContaining("none, url, crd, apps, ssh");
        assertThatThrownBy(() -> loader.load(write("connect:\n  method: crd\n  secret_key: short\n"), Map.of()))
                .hasMessageContaining("connect.secret_key: must be 32 bytes in base64");
        assertThatThrownBy(() -> loader.load(write("connect:\n  method: url\n"), Map.of()))
                .hasMessageContaining("connect.url: required");
        LabLinkConfig config = loader.load(write("connect:\n  method: url\n  url: https://{machine}.lab.example.org/\n"), Map.of());
        assertThat(config.connect().urlFor("lablink-vm-3")).isEqualTo("https://lablink-vm-3.lab.example.org/");
    }

    @Test
    void connectMethodsAppsAndSshNeedWhatTheSessionDeclares() throws IOException {
        assertThatThrownBy(() -> loader.load(write("connect:\n  method: apps\n"), Map.of()))
                .hasMessageContaining("connect.method: apps needs at least one session.apps entry");
        assertThatThrownBy(() -> loader.load(write("connect:\n  method: ssh\n"), Map.of()))
                .hasMessageContaining("connect.method: ssh needs session.ssh.port");
        LabLinkConfig apps = loader.load(write("""
                connect:
                  method: apps
                session:
                  apps: [{name: jupyter, port: 8888, label: Jupyter}]
                  ssh: {port: 2222}
                """), Map.of());
        assertThat(apps.connect().showsApps()).isTrue();
        assertThat(apps.connect().showsSsh(apps.session())).isTrue();
        LabLinkConfig ssh = loader.load(write("connect:\n  method: ssh\nsession:\n  ssh: {port: 22}\n"), Map.of());
        assertThat(ssh.connect().showsSsh(ssh.session())).isTrue();
        assertThat(ssh.connect().showsApps()).isFalse();
    }

    @Test
    void anAdminsSshKeyIsCheckedAtLoad() throws IOException {
        assertThatThrownBy(() -> loader.load(write("session:\n  ssh:\n    port: 22\n    admin_keys: [\"ssh-dss AAAAB3NzaC1kc3M admin\"]\n"), Map.of()))
                .hasMessageContaining("session.ssh.admin_keys[0]: ssh public key: 'ssh-dss' is not a key type accepted here");
    }

    @Test
    void connectUrlFillsInAddressAndPort() throws IOException {
        LabLinkConfig config = loader.load(write("connect:\n  method: url\n  url: http://{address}:{port}/?m={machine}\n"), Map.of());
        assertThat(config.connect().urlFor("vm-1", "10.0.0.7", 8888)).isEqualTo("http://10.0.0.7:8888/?m=vm-1");
    }

    @Test
    void compatHostnamesIsARegularExpressionCheckedAtLoad() throws IOException {
        assertThatThrownBy(() -> loader.load(write("compat:\n  hostnames: \"lablink-[0-9+\"\n"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("compat.hostnames: 'lablink-[0-9+' is not a regular expression");
        assertThatThrownBy(() -> loader.load(null, Map.of("LABLINK_COMPAT_HOSTNAMES", "(unclosed")))
                .hasMessageContaining("compat.hostnames: '(unclosed' is not a regular expression");
        assertThatThrownBy(() -> loader.load(write("compat:\n  heartbeat_seconds: 0\n"), Map.of()))
                .hasMessageContaining("compat.heartbeat_seconds: 0 is out of range");
        LabLinkConfig config = loader.load(write("compat:\n  hostnames: \"lablink-client-[0-9]+\"\n"), Map.of());
        assertThat(config.compat().hostnames()).isEqualTo("lablink-client-[0-9]+");
        assertThat(config.compat().heartbeatSeconds()).isEqualTo(30);
    }

    @Test
    void duplicateKeyIsRefused() throws IOException {
        Path file = write("provider: local\nprovider: aws\n");
        assertThatThrownBy(() -> loader.load(file, Map.of())).hasMessageContaining("provider");
    }

    @Test
    void missingFileSaysHowToPointAtOne() {
        assertThatThrownBy(() -> loader.load(dir.resolve("nope.yaml"), Map.of()))
                .hasMessageContaining("file not found");
    }

    @Test
    void environmentOverridesTheFile() throws IOException {
        Path file = write("app:\n  admin_password: from-file\nserver:\n  port: 9000\n");
        LabLinkConfig config = loader.load(file, Map.of(
                "LABLINK_APP_ADMIN_PASSWORD", "from-env",
                "LABLINK_SERVER_PORT", "9100"));
        assertThat(config.app().adminPassword()).isEqualTo("from-env");
        assertThat(config.server().port()).isEqualTo(9100);
    }

    @Test
    void badEnvironmentValueNamesTheVariable() {
        assertThatThrownBy(() -> loader.load(null, Map.of("LABLINK_SERVER_PORT", "abc")))
                .hasMessageContaining("server.port")
                .hasMessageContaining("LABLINK_SERVER_PORT");
    }

    @Test
    void secretsAreNotPrinted() {
        LabLinkConfig config = loader.load(null, Map.of("LABLINK_APP_ADMIN_PASSWORD", "hunter2", "LABLINK_DB_PASSWORD", "pw"));
        assertThat(config.toString()).doesNotContain("hunter2").doesNotContain("=pw");
    }

    @Test
    void exampleFileShippedWithTheProjectIsValid() {
        Path example = Path.of("..", "lablink.example.yaml");
        LabLinkConfig config = loader.load(example, Map.of());
        assertThat(config.provider()).isEqualTo("local");
    }
}
