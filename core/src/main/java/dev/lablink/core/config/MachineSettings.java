package dev.lablink.core.config;

import java.util.List;

/**
 * {@code machine.*}: what each machine is made of, how many one request may ask for, and where
 * machines may go: one {@code machine_type}, a GPU {@code tier} walked highest first, or an
 * explicit ordered list of {@code choices}.
 */
public record MachineSettings(String machineType, String image, String software, String repository,
                              Integer maxCount, String tier, List<ChoiceSettings> choices, List<String> providers,
                              List<String> regions, String prefer, Boolean spot, String spotFallback) {
    public static final int DEFAULT_MAX_COUNT = 100;
    public static final String PREFER_ORDER = "order";
    public static final String PREFER_CHEAPEST = "cheapest";
    public static final String SPOT_FALLBACK_NONE = "none";
    public static final String SPOT_FALLBACK_ON_DEMAND = "on_demand";

    public MachineSettings {
        maxCount = maxCount == null ? DEFAULT_MAX_COUNT : maxCount;
        choices = choices == null ? List.of() : List.copyOf(choices);
        providers = providers == null ? List.of() : List.copyOf(providers);
        regions = regions == null ? List.of() : List.copyOf(regions);
        prefer = prefer == null ? PREFER_ORDER : prefer;
        spot = spot != null && spot;
        spotFallback = spotFallback == null ? SPOT_FALLBACK_NONE : spotFallback;
    }

    public static MachineSettings defaults() {
        return new MachineSettings(null, null, null, null, null, null, null, null, null, null, null, null);
    }

    public boolean hasPlacementRules() {
        return tier != null || !choices.isEmpty();
    }

    /** One entry of {@code machine.choices}; entries with the same {@code rank} count as equal tiers. */
    public record ChoiceSettings(String provider, String machineType, List<String> regions, Integer rank) {
        public ChoiceSettings {
            regions = regions == null ? List.of() : List.copyOf(regions);
        }
    }
}
