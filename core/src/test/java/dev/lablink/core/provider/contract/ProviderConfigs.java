package dev.lablink.core.provider.contract;

import dev.lablink.core.config.ConfigLoader;
import dev.lablink.core.provider.MachineProviderFactory;
import java.util.Map;

/** A provider's section written as in {@code lablink.yaml}, bound and checked by the real loader, for a provider module's tests. */
public final class ProviderConfigs {
    private ProviderConfigs() {
    }

    /**
     * @param section the section's YAML, a block or {@code {project: my-lab, zones: [us-central1-a]}}; machines go to this provider,
     *                so settings it needs then are checked too
     */
    public static <S extends Record> S settings(MachineProviderFactory<S> factory, String section) {
        String yaml = "provider: " + factory.name() + "\n" + factory.name() + ":\n" + section.indent(2);
        return new ConfigLoader().load(yaml, "test config", Map.of()).providerSettings(factory.name(), factory.settingsType());
    }
}
