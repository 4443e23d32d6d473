package dev.lablink.server.provisioning;

import dev.lablink.server.providers.ProviderRegistry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.lablink.core.config.LabLinkConfig;
import dev.lablink.core.machine.MachineState;
import dev.lablink.core.provider.ProviderException;
import dev.lablink.server.TestAllocator;
import dev.lablink.server.TestConfigs;
import dev.lablink.server.machines.Machine;
import dev.lablink.server.machines.MachineRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.transaction.support.TransactionTemplate;

/** startup_script runs on each machine before it is READY; with on_error: fail a failing script fails the machine. */
class StartupScriptTest {
    private final TestAllocator allocator = TestAllocator.shared();
    private final MachineRepository machines = allocator.context.getBean(MachineRepository.class);

    @TempDir
    Path scripts;

    @BeforeEach
    @AfterEach
    void clean() {
        allocator.reset();
    }

    private Machine createWith(String script, String onError) throws Exception {
        Path file = scripts.resolve("startup.sh");
        Files.writeString(file, script);
        return serviceFor(file, onError).create(1, null, null, "admin:test").machines().getFirst();
    }

    private ProvisioningService serviceFor(Path file, String onError) {
        LabLinkConfig config = TestConfigs.config(allocator.dataDir, """
                startup_script: {enabled: true, path: '%s', on_error: %s}
                """.formatted(file, onError));
        PlacementWalk walk = new PlacementWalk(machines, allocator.context.getBean(ProviderRegistry.class),
                allocator.context.getBean(dev.lablink.server.events.EventRepository.class), config, allocator.context.getBean(AllocatorUrl.class),
                allocator.context.getBean(AgentJar.class));
        return new ProvisioningService(machines, walk, config, allocator.context.getBean(TransactionTemplate.class), allocator.context.getBean(BatchImage.class));
    }

    private Machine awaitSettled(Machine machine) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            MachineState state = machines.findById(machine.id()).orElseThrow().state();
            return state == MachineState.READY || state == MachineState.FAILED;
        });
        return machines.findById(machine.id()).orElseThrow();
    }

    @Test
    void aSucceedingScriptRunsBeforeTheMachineIsReady() throws Exception {
        Machine machine = awaitSettled(createWith("echo preparing datasets\ntouch prepared\n", "fail"));

        assertThat(machine.state()).isEqualTo(MachineState.READY);
        Path dir = allocator.dataDir.resolve("machines").resolve(machine.name());
        assertThat(dir.resolve("prepared")).exists();
        assertThat(Files.readString(dir.resolve("startup.log"))).contains("preparing datasets");
    }

    @Test
    void aFailingScriptFailsTheMachineWhenItMustSucceed() throws Exception {
        Machine machine = awaitSettled(createWith("echo no GPU driver >&2\nexit 3\n", "fail"));

        assertThat(machine.state()).isEqualTo(MachineState.FAILED);
        assertThat(machine.stateReason()).isEqualTo("startup script failed: exited with status 3 (see startup.log)");
    }

    @Test
    void aScriptThatCannotBeReadRefusesTheRequestAndLeavesNoMachineBehind() throws Exception {
        Path script = Files.writeString(scripts.resolve("deleted.sh"), "echo hi\n");
        ProvisioningService service = serviceFor(script, "fail");
        Files.delete(script); // gone after the allocator started, as a file on a shared disk may go

        assertThatThrownBy(() -> service.create(2, null, null, "admin:test"))
                .isInstanceOf(ProviderException.class)
                .hasMessageContaining("startup_script.path: cannot read");
        assertThat(machines.list(java.util.Set.of())).isEmpty();
    }

    @Test
    void aFailingScriptIsOnlyLoggedWhenErrorsMayContinue() throws Exception {
        Machine machine = awaitSettled(createWith("exit 3\n", "continue"));

        assertThat(machine.state()).isEqualTo(MachineState.READY);
    }
}
