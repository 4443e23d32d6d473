package dev.lablink.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent running session.image with a container engine, against a stand-in docker that plays the engines' documented answers. */
class ContainerSessionTest {
    @TempDir
    Path workDir;
    @TempDir
    Path engineDir;

    private static SessionOrders orders(String image, SessionOrders.RegistryLogin login) {
        return new SessionOrders(image, null, null, null, 92, 85, true, login);
    }

    private ContainerSession session(StandInDocker docker, String image, SessionOrders.RegistryLogin login, boolean gpus) throws Exception {
        ContainerEngine engine = ContainerEngine.find(docker.executable.toString(), System.getenv(), workDir).orElseThrow();
        return new ContainerSession(engine, "vm-1", workDir, orders(image, login), List.of(8888, 2222), gpus);
    }

    private static Assignment assignment(Map<String, String> env, List<String> command) {
        return new Assignment(7L, "ada@example.org", command, null, null, "r1", null, env, "registry.example.org/lab/notebook:1");
    }

    @Test
    void aPulledImageRunsWithItsPortsOnLoopbackOnlyTheParticipantsEnvironmentAndTheMemoryGuard() throws Exception {
        StandInDocker docker = StandInDocker.in(engineDir, "docker");
        ContainerSession session = session(docker, "registry.example.org/lab/notebook:1", null, false);

        assertThat(session.prepare(orders("registry.example.org/lab/notebook:1", null))).isEmpty();
        session.start(assignment(Map.of("LABLINK_BASE_URL_JUPYTER", "/m/vm-1/jupyter/", "SUBFOLDER", "/m/vm-1/desktop/"),
                List.of("start-notebook.sh", "--port=8888")));

        assertThat(docker.call("pull")).isEqualTo("pull registry.example.org/lab/notebook:1");
        String run = docker.call("run");
        assertThat(run).startsWith("run -d --name lablink-session-vm-1 ")
                .contains("-p 127.0.0.1:8888:8888", "-p 127.0.0.1:2222:2222")
                .contains("-e LABLINK_USER_EMAIL=ada@example.org", "-e LABLINK_MACHINE_NAME=vm-1", "-e LABLINK_LISTEN_ADDRESS=0.0.0.0",
                        "-e LABLINK_BASE_URL_JUPYTER=/m/vm-1/jupyter/", "-e SUBFOLDER=/m/vm-1/desktop/")
                .doesNotContain("-p 8888", "0.0.0.0:8888", "--gpus")
                .endsWith(" -w /home/lablink/work registry.example.org/lab/notebook:1 start-notebook.sh --port=8888");
        long total = MemoryGuard.totalKib(Path.of("/proc/meminfo")).orElseThrow();
        assertThat(run).contains("--memory " + total * 92 / 100 + "k", "--memory-reservation " + total * 85 / 100 + "k");
        // the session's own directory, never the agent's work dir (agent.env holds the machine token there)
        assertThat(run).contains("-v " + workDir.resolve("session") + ":/home/lablink/work").doesNotContain("-v " + workDir + ":");
        assertThat(session.isRunning()).isTrue();
        Path log = workDir.resolve("session.log");
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(log) && Files.readString(log).contains("Jupyter Server"));

        session.stop();

        assertThat(session.isRunning()).isFalse();
        assertThat(docker.calls()).contains("stop -t 10 lablink-session-vm-1", "rm -f lablink-session-vm-1");
    }

    @Test
    void anEmptyCommandRunsTheImagesOwnEntryPoint() throws Exception {
        StandInDocker docker = StandInDocker.in(engineDir, "docker");
        ContainerSession session = session(docker, "lscr.io/linuxserver/webtop:ubuntu-xfce", null, false);

        session.start(assignment(Map.of(), List.of()));

        assertThat(docker.call("pull")).isEqualTo("pull lscr.io/linuxserver/webtop:ubuntu-xfce");
        assertThat(docker.call("run")).endsWith(" -w /home/lablink/work lscr.io/linuxserver/webtop:ubuntu-xfce");
        session.stop();
    }

    @Test
    void aMissingImageIsImageNotFound() throws Exception {
        ContainerSession session = session(StandInDocker.in(engineDir, "docker"), "registry.example.org/lab/missing:1", null, false);

        assertThat(session.prepare(orders("registry.example.org/lab/missing:1", null))).hasValueSatisfying(reason -> assertThat(reason)
                .startsWith("could not pull registry.example.org/lab/missing:1: image not found (")
                .contains("manifest unknown"));
    }

    @Test
    void anUnreachableRegistryIsSaidSo() throws Exception {
        ContainerSession session = session(StandInDocker.in(engineDir, "docker"), "unreachable.example.org/lab/notebook:1", null, false);

        assertThat(session.prepare(orders("unreachable.example.org/lab/notebook:1", null))).hasValueSatisfying(reason -> assertThat(reason)
                .startsWith("could not pull unreachable.example.org/lab/notebook:1: registry unreachable (")
                .contains("no such host"));
    }

    @Test
    void aPrivateImageWithoutCredentialsNeedsALogin() throws Exception {
        ContainerSession session = session(StandInDocker.in(engineDir, "docker"), "registry.example.org/lab/private:1", null, false);

        assertThat(session.prepare(orders("registry.example.org/lab/private:1", null))).hasValueSatisfying(reason -> assertThat(reason)
                .startsWith("could not pull registry.example.org/lab/private:1: the registry needs a login; add its credentials under registries:"));
    }

    @Test
    void aPrivateImageIsPulledAfterALoginWhoseSecretNeverAppearsInAnArgumentOrALog() throws Exception {
        StandInDocker docker = StandInDocker.in(engineDir, "docker");
        SessionOrders.RegistryLogin login = new SessionOrders.RegistryLogin("registry.example.org", "lab-bot", StandInDocker.SECRET);
        ContainerSession session = session(docker, "registry.example.org/lab/private:1", login, false);

        assertThat(session.prepare(orders("registry.example.org/lab/private:1", login))).isEmpty();
        session.start(assignment(Map.of(), List.of()));
        session.stop();

        assertThat(docker.call("login")).isEqualTo("login --username lab-bot --password-stdin registry.example.org");
        assertThat(String.join("\n", docker.calls())).doesNotContain(StandInDocker.SECRET);
        try (Stream<Path> files = Files.walk(workDir)) {
            for (Path file : files.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(".log")).toList()) {
                assertThat(Files.readString(file)).as(file.toString()).doesNotContain(StandInDocker.SECRET);
            }
        }
        // the login lives in the agent's own config dir, which only its user may read
        Path config = workDir.resolve(".container-engine");
        assertThat(config.resolve("config.json")).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config))).isEqualTo("rwx------");
    }

    @Test
    void credentialsTheRegistryRefusesAreTheReason() throws Exception {
        SessionOrders.RegistryLogin login = new SessionOrders.RegistryLogin("registry.example.org", "lab-bot", "wrong-secret");
        ContainerSession session = session(StandInDocker.in(engineDir, "docker"), "registry.example.org/lab/private:1", login, false);

        assertThat(session.prepare(orders("registry.example.org/lab/private:1", login))).hasValueSatisfying(reason -> assertThat(reason)
                .startsWith("could not log in to registry.example.org: the registry refused the credentials in registries:")
                .doesNotContain("wrong-secret"));
    }

    @Test
    void gpusArePassedToDockerAndARefusalIsTheFailedReason() throws Exception {
        StandInDocker docker = StandInDocker.in(engineDir, "docker");
        docker.set("no-gpu-driver");
        ContainerSession session = session(docker, "registry.example.org/lab/notebook:1", null, true);

        assertThatThrownBy(() -> session.start(assignment(Map.of(), List.of())))
                .hasMessageStartingWith("could not start registry.example.org/lab/notebook:1: the container engine refused the GPUs (--gpus all;")
                .hasMessageContaining("could not select device driver \"\" with capabilities: [[gpu]]");
        assertThat(docker.call("run")).contains("--gpus all");
    }

    @Test
    void podmanGetsTheGpusAsACdiDevice() throws Exception {
        StandInDocker podman = StandInDocker.in(engineDir, "podman");
        ContainerSession session = session(podman, "registry.example.org/lab/notebook:1", null, true);

        session.start(assignment(Map.of(), List.of()));

        assertThat(podman.call("run")).contains("--device nvidia.com/gpu=all").doesNotContain("--gpus");
        session.stop();
    }

    @Test
    void aDockerCliWithoutADaemonIsNoEngineAndTheCommandRunsOnTheMachine() throws Exception {
        StandInDocker docker = StandInDocker.in(engineDir, "docker");
        docker.set("no-daemon");
        AgentSettings settings = new AgentSettings(java.net.URI.create("http://127.0.0.1:1/"), "token", "vm-1", workDir, Duration.ofSeconds(1),
                workDir.resolve("no-nvidia-smi").toString(), "start-host").withContainerEngine(docker.executable.toString());

        SessionRuntime chosen = SessionRuntimes.choose(settings, orders("registry.example.org/lab/notebook:1", null), List.of(8888), null);

        assertThat(chosen).isInstanceOf(SessionRunner.class);
        assertThat(docker.calls()).containsExactly("info");
    }

    @Test
    void anImageAndAnEngineThatAnswersRunAsAContainerAndNoImageAsAProcess() throws Exception {
        StandInDocker docker = StandInDocker.in(engineDir, "docker");
        AgentSettings settings = new AgentSettings(java.net.URI.create("http://127.0.0.1:1/"), "token", "vm-1", workDir, Duration.ofSeconds(1),
                workDir.resolve("no-nvidia-smi").toString(), "start-host").withContainerEngine(docker.executable.toString());

        SessionRuntime container = SessionRuntimes.choose(settings, orders("registry.example.org/lab/notebook:1", null), List.of(8888), null);
        SessionRuntime process = SessionRuntimes.choose(settings, SessionOrders.NONE, List.of(8888), container);

        assertThat(container).isInstanceOf(ContainerSession.class);
        assertThat(container.describe()).isEqualTo("the image registry.example.org/lab/notebook:1 in docker at " + docker.executable);
        assertThat(process).isInstanceOf(SessionRunner.class);
    }
}
