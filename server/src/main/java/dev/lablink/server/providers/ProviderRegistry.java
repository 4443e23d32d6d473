package dev.lablink.server.providers;

import dev.lablink.core.provider.MachineProvider;
import dev.lablink.core.provider.ProviderException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Every provider this allocator may use, by the name stored on each machine, so a machine is
 * always destroyed, listed and reconciled by the provider that created it. Besides those config
 * names, some are kept only to destroy machines made under an earlier config (the local
 * provider needs no account, so its machines can always be stopped).
 */
public class ProviderRegistry implements AutoCloseable {
    private final Map<String, MachineProvider> providers = new LinkedHashMap<>();
    private final Map<String, MachineProvider> forDestroying = new LinkedHashMap<>();
    private final String primary;

    public ProviderRegistry(String primary, Collection<MachineProvider> providers) {
        this(primary, providers, java.util.List.of());
    }

    /** @param forDestroying providers config does not name, found by {@link #find} for the machines they made but not in {@link #all} */
    public ProviderRegistry(String primary, Collection<MachineProvider> providers, Collection<MachineProvider> forDestroying) {
        providers.forEach(provider -> this.providers.put(provider.name(), provider));
        if (!this.providers.containsKey(primary)) {
            throw new IllegalArgumentException("the configured provider " + primary + " is not among " + this.providers.keySet());
        }
        forDestroying.stream().filter(provider -> !this.providers.containsKey(provider.name()))
                .forEach(provider -> this.forDestroying.put(provider.name(), provider));
        this.primary = primary;
    }

    /** The provider of {@code provider:} in config. */
    public MachineProvider primary() {
        return providers.get(primary);
    }

    public Optional<MachineProvider> find(String name) {
        return Optional.ofNullable(providers.get(name)).or(() -> Optional.ofNullable(forDestroying.get(name)));
    }

    public MachineProvider get(String name) {
        return Optional.ofNullable(providers.get(name)).orElseThrow(() -> new ProviderException("provider " + name + " is not configured on this allocator; "
                + "configured: " + String.join(", ", providers.keySet()) + " (add it to machine.providers or machine.choices)"));
    }

    /** Why the provider of {@code choice} cannot make its machine type; empty when it can or is not configured (the walk then says so). */
    public Optional<String> refusal(dev.lablink.core.placement.Choice choice) {
        return find(choice.provider()).flatMap(provider -> provider.refusal(choice.machineType()));
    }

    public Collection<MachineProvider> all() {
        return providers.values();
    }

    @Override
    public void close() {
        providers.values().forEach(MachineProvider::close);
        forDestroying.values().forEach(MachineProvider::close);
    }
}
