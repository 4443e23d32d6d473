package dev.lablink.core.placement;

import java.util.List;
import java.util.Objects;

/**
 * One place a batch may go: a provider's machine type in one of some regions (empty: any region
 * with capacity, or the provider's default where capacity is not published); a null
 * type is the provider's default. Choices of equal
 * {@code rank} are equal tiers, which {@code prefer: cheapest} orders by price.
 */
public record Choice(String provider, String machineType, List<String> regions, int rank) {
    public Choice {
        Objects.requireNonNull(provider, "provider");
        regions = List.copyOf(regions);
    }
}
