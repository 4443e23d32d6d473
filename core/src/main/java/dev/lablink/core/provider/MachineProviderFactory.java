package dev.lablink.core.provider;

import java.util.List;

/**
 * A provider plug-in: its name, its section of {@code lablink.yaml}, the checks of that section and
 * how to build the provider from it. Found with {@link java.util.ServiceLoader} (see
 * {@link MachineProviderFactories}), so adding a provider is one module with one services line, and
 * neither the config model nor the server names it.
 *
 * @param <S> the record the provider's section binds to; a record without components means it has no section
 */
public interface MachineProviderFactory<S extends Record> {

    /** The {@code provider:} value, the name stored on each machine, and the key of its YAML section. */
    String name();

    /** The record its section binds to, with the section's defaults in its compact constructor. */
    Class<S> settingsType();

    /** What cannot work in the section, each as {@code key: problem; fix}; empty when all is well. */
    default List<String> problems(S settings, ProviderUse use) {
        return List.of();
    }

    /** The regions (zones) a choice on this provider tries when config names none; empty: any region with room. */
    default List<String> defaultRegions(S settings) {
        return List.of();
    }

    /** Builds the provider; throws {@link dev.lablink.core.config.ConfigException} when config cannot work after all. */
    MachineProvider create(S settings, ProviderContext context);
}
