package dev.lablink.server.provisioning;

import dev.lablink.server.providers.ProviderRegistry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lablink.core.config.LabLinkConfig;
import dev.lablink.core.machine.MachineState;
import dev.lablink.core.provider.CreationListener;
import dev.lablink.core.provider.MachineProvider;
import dev.lablink.core.provider.MachineSpec;
import dev.lablink.core.provider.ProviderException;
import dev.lablink.core.provider.ProvisionedMachine;
import dev.lablink.server.TestAllocator;
import dev.lablink.server.machines.Machine;
import dev.lablink.server.machines.MachineRepository;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionTemplate;

/** A provider that fails never leaves a machine without a state: each one ends FAILED with the provider's words. */
class ProviderFailureTest {
    private final TestAllocator allocator = TestAllocator.shared();
    private final MachineRepository machines = allocator.context.getBean(MachineRepository.class);

    @BeforeEach
    void clean() {
        allocator.reset();
    }

    private ProvisioningService serviceWith(MachineProvider provider) {
        LabLinkConfig config = allocator.context.getBean(LabLinkConfig.class).withProvider(provider.name());
        PlacementWalk walk = new PlacementWalk(machines, new ProviderRegistry(provider.name(), List.of(provider)),
                allocator.context.getBean(dev.lablink.server.events.EventRepository.class), config, allocator.context.getBean(AllocatorUrl.class),
                allocator.context.getBean(AgentJar.class));
        return new ProvisioningService(machines, walk, config, allocator.context.getBean(TransactionTemplate.class), allocator.context.getBean(BatchImage.class));
    }

    private static MachineProvider provider(java.util.function.BiConsumer<List<MachineSpec>, CreationListener> create) {
        return new MachineProvider() {
            public String name() {
                return "flaky";
            }

            public void create(List<MachineSpec> batch, CreationListener listener) {
                create.accept(batch, listener);
            }

            public void destroy(ProvisionedMachine machine) {
            }

            public List<ProvisionedMachine> list() {
                return List.of();
            }
        };
    }

    @Test
    void aBatchTheProviderRejectsEndsFailedWithItsMessage() {
        ProvisioningService service = serviceWith(provider((batch, listener) -> {
            throw new ProviderException("InsufficientInstanceCapacity: no g5.xlarge in us-west-2a");
        }));

        List<Machine> created = service.create(2, null, null, "admin:test").machines();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> created.forEach(m -> {
            Machine now = machines.findById(m.id()).orElseThrow();
            assertThat(now.state()).isEqualTo(MachineState.FAILED);
            assertThat(now.stateReason()).contains("InsufficientInstanceCapacity: no g5.xlarge in us-west-2a");
        }));
    }

    @Test
    void machinesTheProviderForgetsAreFailedAndTheOthersBoot() {
        ProvisioningService service = serviceWith(provider((batch, listener) -> {
            listener.created(new ProvisionedMachine(batch.getFirst().name(), "i-0abc"));
            listener.failed(batch.get(1).name(), new dev.lablink.core.provider.ProviderException("quota exceeded"));
        }));

        List<Machine> created = service.create(3, null, null, "admin:test").machines();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(machines.findById(created.get(0).id()).orElseThrow().state()).isEqualTo(MachineState.BOOTING);
            assertThat(machines.findById(created.get(1).id()).orElseThrow().stateReason()).isEqualTo("quota exceeded");
            assertThat(machines.findById(created.get(2).id()).orElseThrow().state()).isEqualTo(MachineState.FAILED);
        });
        assertThat(machines.findById(created.get(0).id()).orElseThrow().providerId()).isEqualTo("i-0abc");
    }
}
