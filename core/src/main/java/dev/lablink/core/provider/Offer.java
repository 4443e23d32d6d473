package dev.lablink.core.provider;

import java.util.List;

/**
 * One machine type a provider sells, with the regions that have room for it now. The price is in
 * US cents per hour, or null where the provider does not say.
 */
public record Offer(String machineType, String description, Integer priceCentsPerHour, List<String> regionsWithCapacity) {
    public Offer {
        regionsWithCapacity = List.copyOf(regionsWithCapacity);
    }
}
