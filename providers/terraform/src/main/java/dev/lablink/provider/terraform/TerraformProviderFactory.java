package dev.lablink.provider.terraform;

import static dev.lablink.core.config.ConfigChecks.isPath;
import static dev.lablink.core.config.ConfigChecks.notAPath;

import dev.lablink.core.provider.MachineProvider;
import dev.lablink.core.provider.MachineProviderFactory;
import dev.lablink.core.provider.ProviderContext;
import dev.lablink.core.provider.ProviderUse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The {@code terraform} plug-in: the {@code terraform:} section, its checks, and machines made by a Terraform module. */
public final class TerraformProviderFactory implements MachineProviderFactory<TerraformSettings> {

    @Override
    public String name() {
        return TerraformProvider.NAME;
    }

    @Override
    public Class<TerraformSettings> settingsType() {
        return TerraformSettings.class;
    }

    @Override
    public List<String> problems(TerraformSettings terraform, ProviderUse use) {
        List<String> problems = new ArrayList<>();
        // The primary provider is built even when placement sends machines elsewhere, and it cannot be without a module.
        if (use.machinesGoThere() || use.primary()) {
            if (terraform.module() == null || terraform.module().isBlank()) {
                problems.add("terraform.module: required with the terraform provider; give the directory of the Terraform module that makes machines");
            } else if (!isPath(terraform.module())) {
                problems.add("terraform.module: " + notAPath(terraform.module()) + "; give the module's directory");
            } else if (!Files.isDirectory(Path.of(terraform.module()))) {
                problems.add("terraform.module: no directory at '" + terraform.module() + "'; give the module's directory");
            }
        }
        if (terraform.timeoutMinutes() < 1) {
            problems.add("terraform.timeout_minutes: must be 1 or more (default " + TerraformSettings.DEFAULT_TIMEOUT_MINUTES + ")");
        }
        return problems;
    }

    @Override
    public MachineProvider create(TerraformSettings terraform, ProviderContext context) {
        String deployment = context.deployment();
        return new TerraformProvider(Path.of(terraform.module()), context.dataDir().resolve("terraform").resolve(deployment), deployment,
                terraform.variables(), terraform.binary(), Duration.ofMinutes(terraform.timeoutMinutes()));
    }
}
