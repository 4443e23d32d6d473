package dev.lablink.core.provider;

/**
 * The provider has no room for this machine type where it was asked: out of capacity, or over the
 * account's quota. The allocator tries the next choice instead of failing the machine.
 */
public class NoCapacityException extends ProviderException {
    private final boolean quota;

    public NoCapacityException(String message, boolean quota) {
        super(message);
        this.quota = quota;
    }

    /** Whether the account's quota, rather than the provider's stock, is what ran out. */
    public boolean quota() {
        return quota;
    }
}
