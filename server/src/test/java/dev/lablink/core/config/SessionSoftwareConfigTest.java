package dev.lablink.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The lab's software in lablink.yaml: a template in one line, an image, a repository, registries; each mistake named by its key. */
class SessionSoftwareConfigTest {
    private final ConfigLoader loader = new ConfigLoader();

    private LabLinkConfig load(String yaml) {
        return loader.load(yaml, "lablink.yaml", Map.of());
    }

    @Test
    void oneLineGivesJupyterWithItsImageItsAppAndItsButton() {
        LabLinkConfig config = load("session: {template: jupyter}\n");

        assertThat(config.session().image()).isEqualTo("quay.io/jupyter/base-notebook:latest");
        assertThat(config.session().apps()).extracting(SessionApp::name, SessionApp::port).containsExactly(org.assertj.core.groups.Tuple.tuple("jupyter", 8888));
        assertThat(config.session().command()).last().asString().contains("--NotebookApp.base_url=\"$LABLINK_BASE_URL_JUPYTER\"");
        assertThat(config.connect().method()).as("participants get the app's button without a connect section").isEqualTo("apps");
        assertThat(config.session().memoryLimitPct()).isEqualTo(92);
        assertThat(config.session().memorySoftLimitPct()).isEqualTo(85);
    }

    @Test
    void whatTheLabWritesWinsOverTheTemplate() {
        LabLinkConfig config = load("""
                session:
                  template: jupyter
                  image: ghcr.io/lab/sleap-notebook:2026.11
                  env: {SLEAP_MODELS: /models}
                connect: {method: none}
                """);

        assertThat(config.session().image()).isEqualTo("ghcr.io/lab/sleap-notebook:2026.11");
        assertThat(config.session().apps()).hasSize(1);
        assertThat(config.session().env()).containsEntry("SLEAP_MODELS", "/models");
        assertThat(config.connect().method()).isEqualTo("none");
    }

    @Test
    void labLinksMachineKeysMeanTheSessionsImageRepositoryAndSoftware() {
        LabLinkConfig config = load("""
                machine:
                  image: ghcr.io/talmolab/sleap-tutorial:latest
                  repository: https://github.com/talmolab/sleap-tutorial.git
                  software: sleap-label
                """);

        assertThat(config.session().image()).isEqualTo("ghcr.io/talmolab/sleap-tutorial:latest");
        assertThat(config.session().repository()).isEqualTo("https://github.com/talmolab/sleap-tutorial.git");
        assertThat(config.session().software()).isEqualTo("sleap-label");
    }

    @Test
    void badInputIsRefusedNamingTheKeyAndTheFix() {
        assertThatThrownBy(() -> load("session: {template: notebook}\n"))
                .hasMessageContaining("session.template: 'notebook' is not a template; use one of jupyter, desktop, code-server, command");
        assertThatThrownBy(() -> load("session: {image: 'Lab/Tools:1.0'}\n"))
                .hasMessageContaining("session.image: 'Lab/Tools:1.0' is not an image reference");
        assertThatThrownBy(() -> load("registries: [{name: lab, url: 'localhost:5000'}]\n"))
                .hasMessageContaining("registries[0].url: 'localhost:5000' is not an absolute http(s) URL; write it with its scheme");
        assertThatThrownBy(() -> load("registries: [{name: lab, url: 'https://ghcr.io', username: ada}]\n"))
                .hasMessageContaining("registries[0].password: username and password go together");
        assertThatThrownBy(() -> load("session: {repository: 'not a repo'}\n"))
                .hasMessageContaining("session.repository: 'not a repo' is not a git repository address");
        assertThatThrownBy(() -> load("session: {ref: main}\n")).hasMessageContaining("session.ref: needs session.repository");
        assertThatThrownBy(() -> load("session: {memory_limit_pct: 80, memory_soft_limit_pct: 90}\n"))
                .hasMessageContaining("session.memory_soft_limit_pct: 90 must be from 10 to session.memory_limit_pct (80)");
    }

    @Test
    void imageReferencesAreReadAsTheRegistryReadsThem() {
        assertThat(ImageReference.parse("python:3.12")).get().hasToString("docker.io/library/python:3.12");
        assertThat(ImageReference.parse("localhost:5000/lab/tools:1.2")).get()
                .extracting(ImageReference::registry, ImageReference::repository, ImageReference::tag)
                .containsExactly("localhost:5000", "lab/tools", "1.2");
        assertThat(ImageReference.parse("lab/tools")).get().extracting(ImageReference::registry).isEqualTo("docker.io");
        assertThat(ImageReference.parse("ghcr.io/lab/tools@sha256:" + "a".repeat(64))).get().extracting(ImageReference::digest)
                .isEqualTo("sha256:" + "a".repeat(64));
        assertThat(ImageReference.parse("ghcr.io/lab/tools:bad tag")).isEmpty();
    }
}
