package dev.lablink.provider.terraform;

import java.util.Map;

/**
 * {@code terraform.*}: machines made by any Terraform module. {@code module} is the module's
 * directory; {@code variables} are passed to it as they are, beside the {@code machines} and
 * {@code deployment} variables LabLink sets.
 */
public record TerraformSettings(String module, String binary, Map<String, String> variables, Integer timeoutMinutes) {
    public static final int DEFAULT_TIMEOUT_MINUTES = 30;

    public TerraformSettings {
        binary = binary == null ? "terraform" : binary;
        variables = variables == null ? Map.of() : Map.copyOf(variables);
        timeoutMinutes = timeoutMinutes == null ? DEFAULT_TIMEOUT_MINUTES : timeoutMinutes;
    }
}
