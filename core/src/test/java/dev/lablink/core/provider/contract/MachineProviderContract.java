package dev.lablink.core.provider.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import dev.lablink.core.provider.CreationListener;
import dev.lablink.core.provider.MachineProvider;
import dev.lablink.core.provider.MachineProviderFactories;
import dev.lablink.core.provider.MachineProviderFactory;
import dev.lablink.core.provider.MachineSpec;
import dev.lablink.core.provider.NoCapacityException;
import dev.lablink.core.provider.ProviderException;
import dev.lablink.core.provider.ProvisionedMachine;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every provider must do, in one suite that each provider module runs against its own
 * backend (a fake of the cloud's API, a mock cluster, a real local process): create a batch and
 * report each machine, list it, destroy it, destroy twice without harm, report a failure per
 * machine in words, report a capacity refusal as {@link NoCapacityException} so the allocator can
 * try the next choice, tell its capacity without throwing, tear down twice without harm, and never
 * write the agent token (or any other secret of {@link #secrets()}) into a log line; and its module
 * plugs it in (a {@code MachineProviderFactory} under its name, found by ServiceLoader).
 */
public abstract class MachineProviderContract {
    protected static final String TOKEN = "contract-token-never-logged";

    private MachineProvider provider;
    private LogCapture logs;
    private final List<ProvisionedMachine> created = new CopyOnWriteArrayList<>();

    /** A provider on a fresh backend. */
    protected abstract MachineProvider newProvider();

    /** A machine type the backend can launch now. */
    protected abstract String launchableType();

    /** The region (zone, namespace) machines go to; null (the default) where the provider has none. */
    protected String region() {
        return null;
    }

    /**
     * Arranges the backend so that launching {@code machineType} is refused for capacity; returns
     * false (the default) where the provider has no notion of capacity, and the capacity test is skipped.
     */
    protected boolean refuseForCapacity(String machineType) {
        return false;
    }

    /** Arranges the backend so that the next launch fails for a reason other than capacity. */
    protected abstract void failNextLaunch();

    /** Stops the backend (fake cloud, mock cluster) after the provider is closed and every machine destroyed. */
    protected void closeBackend() {
    }

    /** What must never reach a log line: the agent token, plus the provider's own credentials. */
    protected List<String> secrets() {
        return List.of(TOKEN);
    }

    /** Loggers of the test's backend (a mock server that logs what it stores): it is the cloud, not the provider, so its lines are not checked. */
    protected List<String> backendLoggers() {
        return List.of();
    }

    /** How long a created machine may take to show in {@link MachineProvider#list()}. */
    protected Duration listDelay() {
        return Duration.ofSeconds(5);
    }

    @BeforeEach
    void openProvider() {
        logs = LogCapture.start();
        provider = newProvider();
    }

    @AfterEach
    void closeProvider() {
        created.forEach(machine -> {
            try {
                provider.destroy(machine);
            } catch (RuntimeException ignored) {
                // the test under way reports its own failure
            }
        });
        provider.close();
        closeBackend();
        logs.close();
        logs.assertNoLineContains(secrets(), backendLoggers());
    }

    protected MachineProvider provider() {
        return provider;
    }

    protected MachineSpec spec(String name, String machineType) {
        return new MachineSpec(name, machineType, region(), URI.create("http://127.0.0.1:1"), TOKEN, null, false, null, MachineSpecs.AGENT_JAR_SHA256, false, null);
    }

    protected record Outcome(List<ProvisionedMachine> created, Map<String, ProviderException> failed) {
    }

    protected Outcome create(List<MachineSpec> batch) {
        List<ProvisionedMachine> ok = new CopyOnWriteArrayList<>();
        Map<String, ProviderException> failed = new ConcurrentHashMap<>();
        try {
            provider.create(batch, new CreationListener() {
                @Override
                public void created(ProvisionedMachine machine) {
                    ok.add(machine);
                    created.add(machine);
                }

                @Override
                public void failed(String name, ProviderException problem) {
                    failed.put(name, problem);
                }
            });
        } catch (ProviderException e) {
            batch.stream().filter(spec -> ok.stream().noneMatch(m -> m.name().equals(spec.name())) && !failed.containsKey(spec.name()))
                    .forEach(spec -> failed.put(spec.name(), e));
        }
        return new Outcome(ok, failed);
    }

    private List<MachineSpec> batch(String prefix, int count, String machineType) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> spec(prefix + "-" + i, machineType)).toList();
    }

    /** Adding a provider is its module plus one services line; without the line LabLink would never find it. */
    @Test
    void itsPlugInIsFoundUnderItsName() {
        assertThat(MachineProviderFactories.find(provider.name()))
                .as("a factory named %s in META-INF/services/%s", provider.name(), MachineProviderFactory.class.getName())
                .isPresent();
    }

    @Test
    void aBatchIsCreatedMachineByMachineAndListed() {
        Outcome outcome = create(batch("contract-batch", 3, launchableType()));

        assertThat(outcome.failed()).isEmpty();
        assertThat(outcome.created()).extracting(ProvisionedMachine::name)
                .containsExactlyInAnyOrder("contract-batch-1", "contract-batch-2", "contract-batch-3");
        assertThat(outcome.created()).extracting(ProvisionedMachine::providerId).doesNotContainNull().doesNotHaveDuplicates();
        await().atMost(listDelay()).untilAsserted(() -> assertThat(provider.list()).extracting(ProvisionedMachine::name)
                .contains("contract-batch-1", "contract-batch-2", "contract-batch-3"));
    }

    @Test
    void aDestroyedMachineLeavesTheListAndTheOthersStay() {
        List<ProvisionedMachine> machines = create(batch("contract-destroy", 2, launchableType())).created();
        assertThat(machines).hasSize(2);

        provider.destroy(machines.getFirst());

        await().atMost(listDelay()).untilAsserted(() -> assertThat(provider.list()).extracting(ProvisionedMachine::providerId)
                .doesNotContain(machines.getFirst().providerId()).contains(machines.getLast().providerId()));
    }

    @Test
    void destroyingTwiceOrSomethingThatNeverExistedIsNotAnError() {
        ProvisionedMachine machine = create(batch("contract-twice", 1, launchableType())).created().getFirst();

        provider.destroy(machine);

        assertThatCode(() -> provider.destroy(machine)).doesNotThrowAnyException();
        assertThatCode(() -> provider.destroy(new ProvisionedMachine("contract-never", machine.providerId() + "-gone")))
                .doesNotThrowAnyException();
    }

    @Test
    void aFailedLaunchIsReportedForThatMachineInWords() {
        failNextLaunch();

        Outcome outcome = create(List.of(spec("contract-fail-1", launchableType())));

        assertThat(outcome.created()).isEmpty();
        assertThat(outcome.failed()).containsKey("contract-fail-1");
        assertThat(outcome.failed().get("contract-fail-1")).isNotInstanceOf(NoCapacityException.class);
        assertThat(outcome.failed().get("contract-fail-1").getMessage()).isNotBlank().doesNotContain(TOKEN);
    }

    @Test
    void aCapacityRefusalIsReportedAsNoCapacity() {
        String scarce = scarceType();
        Assumptions.assumeTrue(refuseForCapacity(scarce), "this provider has no notion of capacity");

        Outcome outcome = create(List.of(spec("contract-full-1", scarce)));

        assertThat(outcome.created()).isEmpty();
        assertThat(outcome.failed().get("contract-full-1")).isInstanceOf(NoCapacityException.class);
        assertThat(outcome.failed().get("contract-full-1").getMessage()).isNotBlank().doesNotContain(TOKEN);
    }

    /** A type to make scarce in the capacity test; by default the launchable one. */
    protected String scarceType() {
        return launchableType();
    }

    @Test
    void capacityIsToldWithoutThrowing() {
        assertThatCode(() -> assertThat(provider.capacity()).isNotNull()).doesNotThrowAnyException();
    }

    @Test
    void teardownAfterTheLastMachineIsGoneWorksTwice() {
        ProvisionedMachine machine = create(batch("contract-teardown", 1, launchableType())).created().getFirst();
        provider.destroy(machine);
        await().atMost(listDelay()).untilAsserted(() -> assertThat(provider.list()).extracting(ProvisionedMachine::providerId)
                .doesNotContain(machine.providerId()));

        assertThatCode(() -> {
            provider.teardown();
            provider.teardown();
        }).doesNotThrowAnyException();
    }
}
