package dev.lablink.core.provider;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What a provider gets from the rest of config and from the allocator, beside its own section.
 *
 * @param deployment           {@code app.deployment}: tags every cloud resource
 * @param dataDir              the allocator's data directory
 * @param spot                 {@code machine.spot}
 * @param spotFallbackOnDemand {@code machine.spot_fallback: on_demand}
 * @param agentCommand         how to start an agent process on this host (this very JVM and code)
 */
public record ProviderContext(String deployment, Path dataDir, boolean spot, boolean spotFallbackOnDemand, List<String> agentCommand) {
    public ProviderContext {
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(dataDir, "dataDir");
        agentCommand = List.copyOf(agentCommand);
    }

    /** Where providers keep the SSH keys they make. */
    public Path keysDir() {
        return dataDir.resolve("keys");
    }
}
