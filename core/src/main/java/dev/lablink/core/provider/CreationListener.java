package dev.lablink.core.provider;

/**
 * Told about each machine of a batch as soon as the provider has it (or has failed it), so that
 * a slow batch shows progress machine by machine.
 */
public interface CreationListener {
    void created(ProvisionedMachine machine);

    /** A {@link NoCapacityException} means the machine may still be placed elsewhere. */
    void failed(String name, ProviderException problem);

    /** A step worth telling the admin while the machine is on its way ("no spot capacity; launching on-demand"). */
    default void progress(String name, String message) {
    }
}
