package dev.lablink.core.provider;

import java.util.Objects;

/** A machine as its provider knows it: our name and the provider's own id for it. */
public record ProvisionedMachine(String name, String providerId) {
    public ProvisionedMachine {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(providerId, "providerId");
    }
}
