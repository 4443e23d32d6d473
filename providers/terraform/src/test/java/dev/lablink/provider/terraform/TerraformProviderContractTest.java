package dev.lablink.provider.terraform;

import dev.lablink.core.provider.MachineProvider;
import dev.lablink.core.provider.contract.MachineProviderContract;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;

/** The provider contract with a real terraform binary and a module of terraform_data resources (works offline). */
class TerraformProviderContractTest extends MachineProviderContract {
    @TempDir
    Path dir;

    static Path module() {
        return Path.of("src/test/resources/module").toAbsolutePath();
    }

    static boolean terraformInstalled() {
        try {
            return new ProcessBuilder("terraform", "version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    protected MachineProvider newProvider() {
        Assumptions.assumeTrue(terraformInstalled(), "no terraform binary on PATH: install Terraform 1.x to run the Terraform provider's tests");
        return new TerraformProvider(module(), dir.resolve("work"), "contract", Map.of(), "terraform", Duration.ofMinutes(5));
    }

    @Override
    protected String launchableType() {
        return "small";
    }

    @Override
    protected void failNextLaunch() {
        failNext = true;
    }

    private boolean failNext;

    /** The test module refuses the type "broken", so the failure test launches that. */
    @Override
    protected dev.lablink.core.provider.MachineSpec spec(String name, String machineType) {
        return super.spec(name, failNext ? "broken" : machineType);
    }
}
