package dev.lablink.core.placement;

/** A launch the allocator will try: machine type and region at a provider, price if known (cents per hour). */
public record Candidate(String provider, String machineType, String region, Integer priceCentsPerHour, boolean capacityKnown) {

    /** "gpu_1x_a100 in us-east-1" (with the provider when it is not the only one). */
    public String describe() {
        return (machineType == null ? "default type" : machineType) + (region == null ? "" : " in " + region) + " at " + provider;
    }
}
