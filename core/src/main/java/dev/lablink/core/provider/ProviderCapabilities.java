package dev.lablink.core.provider;

/** What a provider can do beyond create, destroy and list. */
public record ProviderCapabilities(boolean suspendResume, boolean gpu, int maxBatchSize) {
}
