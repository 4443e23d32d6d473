package dev.lablink.provider.local;

import static dev.lablink.core.provider.contract.MachineSpecs.aSpec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lablink.core.provider.CreationListener;
import dev.lablink.core.provider.MachineSpec;
import dev.lablink.core.provider.ProvisionedMachine;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LocalProviderTest {
    // A stand-in agent: a shell that starts a child and waits, like an agent running a session.
    private final LocalProvider provider = new LocalProvider(root(), List.of("sh", "-c", "sleep 300 & wait"));
    private final List<ProvisionedMachine> created = new ArrayList<>();

    private Path root() {
        return Path.of(System.getProperty("java.io.tmpdir"), "lablink-local-test-" + ProcessHandle.current().pid());
    }

    @AfterEach
    void cleanUp() {
        created.forEach(provider::destroy);
    }

    private ProvisionedMachine create(String name) {
        List<String> failures = new ArrayList<>();
        provider.create(List.of(aSpec(name).allocator("http://127.0.0.1:1").token("secret-token").build()),
                new CreationListener() {
                    @Override
                    public void created(ProvisionedMachine machine) {
                        created.add(machine);
                    }

                    @Override
                    public void failed(String machine, dev.lablink.core.provider.ProviderException problem) {
                        failures.add(problem.getMessage());
                    }
                });
        assertThat(failures).isEmpty();
        return created.getLast();
    }

    @Test
    void createdMachineIsListedAndDestroyLeavesNoProcess() {
        ProvisionedMachine machine = create("lablink-vm-1");
        long pid = Long.parseLong(machine.providerId().substring("local:".length()));
        await().atMost(Duration.ofSeconds(5)).until(() -> ProcessHandle.of(pid).map(p -> p.descendants().count() > 0).orElse(false));
        List<ProcessHandle> tree = new ArrayList<>(ProcessHandle.of(pid).orElseThrow().descendants().toList());

        assertThat(provider.list()).extracting(ProvisionedMachine::name).contains("lablink-vm-1");

        provider.destroy(machine);

        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(tree).noneMatch(ProcessHandle::isAlive);
        assertThat(provider.list()).extracting(ProvisionedMachine::name).doesNotContain("lablink-vm-1");
    }

    @Test
    void aFreshProviderOnTheSameDirectoryFindsRunningMachines() {
        create("lablink-vm-2");
        LocalProvider afterRestart = new LocalProvider(root(), List.of("true"));
        assertThat(afterRestart.list()).extracting(ProvisionedMachine::name).contains("lablink-vm-2");
    }

    @Test
    void specNeverPrintsItsToken() {
        MachineSpec spec = aSpec("m").allocator("http://x").token("top-secret").build();
        assertThat(spec.toString()).doesNotContain("top-secret");
    }
}
