package dev.lablink.provider.terraform;

import static dev.lablink.core.provider.contract.MachineSpecs.aSpec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lablink.core.provider.contract.LogCapture;
import dev.lablink.core.provider.CreationListener;
import dev.lablink.core.provider.MachineSpec;
import dev.lablink.core.provider.ProviderException;
import dev.lablink.core.provider.ProvisionedMachine;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Terraform provider with the real binary: progress, the lock, the state kept, errors in words, no token in any output. */
class TerraformProviderTest {
    private static final String TOKEN = "terraform-test-token-0123456789";
    @TempDir
    Path dir;
    private LogCapture logs;

    @BeforeEach
    void requireTerraform() {
        Assumptions.assumeTrue(TerraformProviderContractTest.terraformInstalled(),
                "no terraform binary on PATH: install Terraform 1.x to run the Terraform provider's tests");
        logs = LogCapture.start();
    }

    @AfterEach
    void noTokenWasEverLogged() {
        if (logs != null) {
            logs.close();
            logs.assertNoLineContains(List.of(TOKEN));
        }
    }

    private TerraformProvider provider(String binary) {
        return new TerraformProvider(TerraformProviderContractTest.module(), dir.resolve("work"), "lab1", Map.of(), binary, Duration.ofMinutes(5));
    }

    private static MachineSpec spec(String name, String type) {
        return aSpec(name).type(type).region("here").token(TOKEN).build();
    }

    private record Outcome(List<ProvisionedMachine> created, Map<String, ProviderException> failed, List<String> progress) {
    }

    private static Outcome create(TerraformProvider provider, MachineSpec... specs) {
        Outcome outcome = new Outcome(new CopyOnWriteArrayList<>(), new ConcurrentHashMap<>(), new CopyOnWriteArrayList<>());
        provider.create(List.of(specs), new CreationListener() {
            public void created(ProvisionedMachine machine) {
                outcome.created().add(machine);
            }

            public void failed(String name, ProviderException problem) {
                outcome.failed().put(name, problem);
            }

            public void progress(String name, String message) {
                outcome.progress().add(name + ": " + message);
            }
        });
        return outcome;
    }

    @Test
    void eachMachineHearsTerraformsLinesAboutItAndGetsTheModulesIdAndIp() {
        Outcome outcome = create(provider("terraform"), spec("lablink-vm-1", "small"));

        assertThat(outcome.created()).singleElement().satisfies(machine -> {
            assertThat(machine.providerId()).isNotBlank().isNotEqualTo("lablink-vm-1");
            assertThat(machine.address()).isEqualTo("192.0.2.10");
        });
        assertThat(outcome.progress()).anySatisfy(line -> assertThat(line).startsWith("lablink-vm-1: terraform:").contains("Creat"));
    }

    @Test
    void theStateOutlivesTheProviderAndTeardownEmptiesItButKeepsTheDirectory() {
        create(provider("terraform"), spec("lablink-vm-1", "small"), spec("lablink-vm-2", "small"));

        TerraformProvider afterRestart = provider("terraform");
        assertThat(afterRestart.list()).extracting(ProvisionedMachine::name).containsExactlyInAnyOrder("lablink-vm-1", "lablink-vm-2");

        afterRestart.teardown();

        assertThat(afterRestart.list()).isEmpty();
        assertThat(dir.resolve("work/terraform.tfstate")).exists();
    }

    @Test
    void twoBatchesAtOnceNeverOverlapAndBothLand() throws Exception {
        TerraformProvider provider = provider("terraform");
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var first = pool.submit(() -> create(provider, spec("lablink-vm-1", "small")));
            var second = pool.submit(() -> create(provider, spec("lablink-vm-2", "small")));
            assertThat(first.get().failed()).isEmpty();
            assertThat(second.get().failed()).isEmpty();
        }

        assertThat(provider.list()).extracting(ProvisionedMachine::name).containsExactlyInAnyOrder("lablink-vm-1", "lablink-vm-2");
    }

    @Test
    void aFailedApplyNamesTheModulesErrorAndTheNextBatchStillWorks() {
        TerraformProvider provider = provider("terraform");

        Outcome failed = create(provider, spec("lablink-vm-1", "broken"));
        Outcome next = create(provider, spec("lablink-vm-2", "small"));

        assertThat(failed.failed().get("lablink-vm-1").getMessage()).contains("terraform apply failed", "machine type broken cannot be made");
        assertThat(next.failed()).isEmpty();
        assertThat(provider.list()).extracting(ProvisionedMachine::name).containsExactly("lablink-vm-2");
    }

    @Test
    void theTokenIsKeptInAFileOnlyItsOwnerCanRead() throws Exception {
        create(provider("terraform"), spec("lablink-vm-1", "small"));

        Path desired = dir.resolve("work/machines.auto.tfvars.json");
        assertThat(Files.readString(desired)).contains(TOKEN);
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(desired))).isEqualTo("rw-------");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("work")))).isEqualTo("rwx------");
    }

    @Test
    void aMissingBinaryIsReportedWithTheFix() {
        Outcome outcome = create(provider("/nonexistent/terraform"), spec("lablink-vm-1", "small"));

        assertThat(outcome.failed().get("lablink-vm-1").getMessage())
                .contains("cannot run '/nonexistent/terraform'", "install Terraform 1.x", "terraform.binary");
    }
}
