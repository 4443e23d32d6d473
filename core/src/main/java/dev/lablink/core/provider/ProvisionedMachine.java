package dev.lablink.core.provider;

import java.util.Objects;

/**
 * A machine as its provider knows it: our name, the provider's own id for it, and its address
 * where the provider has one yet (null otherwise).
 */
public record ProvisionedMachine(String name, String providerId, String address) {
    public ProvisionedMachine {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(providerId, "providerId");
    }

    public ProvisionedMachine(String name, String providerId) {
        this(name, providerId, null);
    }
}
