package dev.lablink.core.placement;

import dev.lablink.core.config.LabLinkConfig;
import dev.lablink.core.config.MachineSettings;
import dev.lablink.core.config.MachineSettings.ChoiceSettings;
import dev.lablink.core.provider.MachineProviderFactories;
import dev.lablink.core.provider.MachineProviderFactory;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The ordered choices a batch walks, read from config: an explicit {@code machine.choices} list,
 * a {@code machine.tier} expanded over {@code machine.providers}, or the single
 * {@code machine_type} of the configured provider. A request may name its own type or tier.
 */
public final class PlacementChoices {
    private final LabLinkConfig config;

    public PlacementChoices(LabLinkConfig config) {
        this.config = config;
    }

    /**
     * @param machineType a type the request asked for (null: use config)
     * @param tier        a tier the request asked for (null: use config)
     * @param region      a region the request asked for (null: use config)
     */
    public List<Choice> choices(String machineType, String tier, String region) {
        MachineSettings machine = config.machine();
        List<String> regions = region != null ? List.of(region) : machine.regions();
        if (machineType != null) {
            return List.of(new Choice(config.provider(), machineType, regionsFor(config.provider(), regions), 0));
        }
        String tierLabel = tier != null ? tier : machine.choices().isEmpty() ? machine.tier() : null;
        if (tierLabel != null) {
            GpuTier gpuTier = GpuTier.byLabel(tierLabel).orElseThrow(() -> new IllegalArgumentException(
                    "tier '" + tierLabel + "' is not a tier group; use one of " + String.join(", ", GpuTier.labels())));
            return fromTier(gpuTier, regions);
        }
        if (!machine.choices().isEmpty()) {
            List<Choice> choices = new ArrayList<>();
            for (int i = 0; i < machine.choices().size(); i++) {
                ChoiceSettings entry = machine.choices().get(i);
                String provider = entry.provider() == null ? config.provider() : entry.provider();
                List<String> entryRegions = region != null ? List.of(region) : entry.regions().isEmpty() ? regions : entry.regions();
                choices.add(new Choice(provider, entry.machineType(), regionsFor(provider, entryRegions), entry.rank() == null ? i : entry.rank()));
            }
            return choices;
        }
        String type = machine.machineType();
        return List.of(new Choice(config.provider(), type, regionsFor(config.provider(), regions), 0));
    }

    private List<Choice> fromTier(GpuTier tier, List<String> regions) {
        List<Choice> choices = new ArrayList<>();
        for (int rank = 0; rank < tier.order().size(); rank++) {
            GpuClass gpu = tier.order().get(rank);
            for (String provider : providers()) {
                int r = rank;
                gpu.machineType(provider).ifPresent(type -> choices.add(new Choice(provider, type, regionsFor(provider, regions), r)));
            }
        }
        if (choices.isEmpty()) {
            throw new IllegalArgumentException("tier " + tier.label() + " has no machine types at " + String.join(", ", providers())
                    + "; tiers know lambda, aws and gce, or list machine.choices yourself");
        }
        return choices;
    }

    /** Every provider that batches may use: the configured one, those in machine.providers and in machine.choices. */
    public Set<String> providers() {
        Set<String> providers = new LinkedHashSet<>();
        if (config.machine().providers().isEmpty()) {
            providers.add(config.provider());
        }
        providers.addAll(config.machine().providers());
        config.machine().choices().forEach(choice -> providers.add(choice.provider() == null ? config.provider() : choice.provider()));
        return providers;
    }

    /**
     * Clouds that do not publish capacity (EC2, GCE) need regions (zones) to try, which their plug-in
     * reads from its section; others take any region with room.
     */
    private List<String> regionsFor(String provider, List<String> regions) {
        if (!regions.isEmpty()) {
            return regions;
        }
        if (LabLinkConfig.DEFAULT_PROVIDER.equals(provider) && config.app().region() != null) {
            return List.of(config.app().region()); // local machines run where the allocator does
        }
        return MachineProviderFactories.find(provider).map(factory -> defaultRegions(factory)).orElse(List.of());
    }

    private <S extends Record> List<String> defaultRegions(MachineProviderFactory<S> factory) {
        return factory.defaultRegions(config.providerSettings(factory.name(), factory.settingsType()));
    }
}
