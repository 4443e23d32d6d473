package dev.lablink.core.provider;

/**
 * How config uses a provider, for its checks: some settings are needed only when machines go there.
 *
 * @param machinesGoThere {@code provider:}, {@code machine.providers} or {@code machine.choices} send machines to it
 * @param primary         it is the {@code provider:} of config (the allocator builds it even when placement sends machines elsewhere)
 */
public record ProviderUse(boolean machinesGoThere, boolean primary) {
}
