package dev.lablink.core.provider;

import java.util.List;
import java.util.Optional;

/**
 * What a provider can launch now. Some providers (Lambda) publish live capacity; others (EC2)
 * only tell by refusing a launch, so their capacity is {@link #unknown()} and every choice is tried.
 */
public record Capacity(boolean known, List<Offer> offers) {
    public Capacity {
        offers = List.copyOf(offers);
    }

    public static Capacity unknown() {
        return new Capacity(false, List.of());
    }

    public static Capacity of(List<Offer> offers) {
        return new Capacity(true, offers);
    }

    public Optional<Offer> offer(String machineType) {
        return offers.stream().filter(offer -> offer.machineType().equals(machineType)).findFirst();
    }
}
