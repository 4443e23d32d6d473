package dev.lablink.core.provider;

/**
 * Told about each machine of a batch as soon as the provider has it (or has failed it), so that
 * a slow batch shows progress machine by machine.
 */
public interface CreationListener {
    void created(ProvisionedMachine machine);

    void failed(String name, String reason);
}
