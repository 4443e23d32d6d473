package dev.lablink.server.agentapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lablink.core.machine.MachineState;
import dev.lablink.server.OwnAllocatorTestBase;
import dev.lablink.server.RunningAgent;
import dev.lablink.server.TestAllocator;
import dev.lablink.server.health.HeartbeatRepository;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A lab's own software, as a lab writes it ({@code session: {image, repository, ref}}): the agent
 * fetches its orders, clones the repository (real git, from a bare repository the test makes), pulls
 * the image (a stand-in docker, as the CI machine has no engine) and only then registers: READY,
 * with an event per step; a pull that fails is the machine's FAILED reason.
 */
class PreparingMachineTest extends OwnAllocatorTestBase {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    @TempDir
    static Path dir;
    private static Path repository;
    private static Path engine;

    @BeforeAll
    static void start() throws Exception {
        repository = labRepository(dir.resolve("repos"));
        engine = standInDocker(dir.resolve("engine"));
        allocator = TestAllocator.start(dir.resolve("data"), """
                telemetry: {boot_timeout_seconds: 3600}
                session:
                  image: registry.example.org/lab/notebook:1
                  repository: %s
                  ref: workshop-2026
                """.formatted(repository));
    }

    private RunningAgent agentOnBootingMachine(Path machineDir) throws Exception {
        Files.createDirectories(machineDir);
        String token = allocator.machine().state(MachineState.BOOTING).insert();
        String name = allocator.jdbc.sql("SELECT name FROM machines ORDER BY id DESC LIMIT 1").query(String.class).single();
        return RunningAgent.start(allocator, name, token, machineDir, settings -> settings.withContainerEngine(engine.toString()));
    }

    private String reasonOf(String machine) {
        return allocator.jdbc.sql("SELECT state_reason FROM machines WHERE name = :n").param("n", machine).query(String.class).single();
    }

    private List<String> events(String machine, String type) {
        return allocator.jdbc.sql("SELECT e.message FROM events e JOIN machines m ON m.id = e.machine_id WHERE m.name = :n AND e.type = :t ORDER BY e.id")
                .param("n", machine).param("t", type).query(String.class).list();
    }

    @Test
    void theMachineIsReadyOnceTheRepositoryIsClonedAndTheImagePulled() throws Exception {
        Path machineDir = dir.resolve("machine-ready");
        try (RunningAgent agent = agentOnBootingMachine(machineDir)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> allocator.stateOf(agent.machineName) == MachineState.READY);

            assertThat(machineDir.resolve("session/analysis/exercise.ipynb")).exists();
            assertThat(Files.readAllLines(dir.resolve("engine/calls"))).contains("pull registry.example.org/lab/notebook:1");
            assertThat(events(agent.machineName, "PREPARED")).satisfiesExactly(
                    cloned -> assertThat(cloned).startsWith("cloned " + repository + " at workshop-2026 into ").contains(" in ").endsWith(" s"),
                    pulled -> assertThat(pulled).startsWith("pulled registry.example.org/lab/notebook:1 in ").endsWith(" s"));
            assertThat(agent.machine(allocator).agentStartedAt()).isNotNull();
        }
    }

    @Test
    void anImageTheRegistryNoLongerHasIsTheMachinesFailedReason() throws Exception {
        Path lost = dir.resolve("engine/registry-lost");
        Files.writeString(lost, "");
        try (RunningAgent agent = agentOnBootingMachine(dir.resolve("machine-failed"))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> allocator.stateOf(agent.machineName) == MachineState.FAILED);

            assertThat(reasonOf(agent.machineName)).startsWith("could not pull registry.example.org/lab/notebook:1: image not found (")
                    .contains("manifest unknown");
            assertThat(events(agent.machineName, "PREPARED")).singleElement().asString().startsWith("cloned ");
        } finally {
            Files.delete(lost);
        }
    }

    @Test
    void theOrdersCallChangesNoStateAndCountsAsTheAgentBeingAlive() {
        String preparing = allocator.machine().named("preparing").state(MachineState.BOOTING).changedAgo(Duration.ofMinutes(30)).insert();
        allocator.machine().named("silent").state(MachineState.BOOTING).changedAgo(Duration.ofMinutes(30)).insert();

        HttpResponse<String> orders = allocator.agent("GET", "/api/v1/agent/orders?started_at=2026-01-31T09:30:00Z", null, preparing);

        assertThat(orders.statusCode()).isEqualTo(200);
        JsonNode session = JSON.readTree(orders.body()).get("session");
        assertThat(session.get("image").asString()).isEqualTo("registry.example.org/lab/notebook:1");
        assertThat(session.get("repository").asString()).isEqualTo(repository.toString());
        assertThat(allocator.stateOf("preparing")).isEqualTo(MachineState.BOOTING);
        List<String> stuck = allocator.context.getBean(HeartbeatRepository.class).stuckStarting(Duration.ofMinutes(10)).stream()
                .map(id -> allocator.jdbc.sql("SELECT name FROM machines WHERE id = :id").param("id", id).query(String.class).single())
                .toList();
        assertThat(stuck).containsExactly("silent");
        assertThat(allocator.agent("GET", "/api/v1/agent/orders?started_at=yesterday", null, preparing).body())
                .contains("started_at must be an instant like 2026-01-31T09:30:00Z");
    }

    /** A bare repository with a branch workshop-2026 holding exercise.ipynb. */
    private static Path labRepository(Path in) throws Exception {
        Files.createDirectories(in);
        Path bare = in.resolve("analysis.git");
        Path work = in.resolve("work");
        git(in, "init", "-q", "--bare", bare.toString());
        git(in, "init", "-q", "-b", "workshop-2026", work.toString());
        Files.writeString(work.resolve("exercise.ipynb"), "{}\n");
        git(work, "add", "exercise.ipynb");
        git(work, "-c", "user.name=Lab", "-c", "user.email=lab@example.org", "commit", "-q", "-m", "exercise");
        git(work, "push", "-q", bare.toString(), "workshop-2026");
        return bare;
    }

    private static void git(Path in, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(in.toFile()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
    }

    /** A docker that answers info and pull as Docker does (see the agent's StandInDocker for every case); {@code registry-lost}: manifest unknown. */
    private static Path standInDocker(Path in) throws Exception {
        Files.createDirectories(in);
        Path script = in.resolve("docker");
        Files.writeString(script, """
                #!/bin/sh
                d='%s'
                printf '%%s\\n' "$*" >> "$d/calls"
                case "$1" in
                info) echo "Server Version: 27.3.1"; exit 0;;
                pull)
                  if [ -f "$d/registry-lost" ]; then
                    echo "Error response from daemon: manifest for $2 not found: manifest unknown: manifest unknown"; exit 1
                  fi
                  echo "Status: Downloaded newer image for $2"; exit 0;;
                run) touch "$d/running"; echo 9f86d081884c7d659a2feaa0c55ad015; exit 0;;
                inspect) [ -f "$d/running" ] && { echo true; exit 0; }; echo "Error: No such object: $4"; exit 1;;
                logs) exit 0;;
                stop) rm -f "$d/running"; exit 0;;
                rm) exit 0;;
                esac
                exit 2
                """.formatted(in));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }
}
