package dev.lablink.core.provider;

import java.util.List;

/**
 * The port every provider implements: local processes, clouds, clusters. Implementations are
 * blocking; the allocator calls them off the request path.
 */
public interface MachineProvider extends AutoCloseable {

    /** The provider's name as written in config ({@code provider: local}). */
    String name();

    /**
     * Creates the machines. Each one is reported to the listener as created or failed; a machine
     * the listener hears nothing about when this returns or throws is treated as failed with the
     * exception's message.
     */
    void create(List<MachineSpec> batch, CreationListener listener);

    /** Destroys the machine and everything it runs. Destroying one that is already gone is not an error. */
    void destroy(ProvisionedMachine machine);

    /** The machines of this deployment that exist at the provider now, by the tags or names it gave them. */
    List<ProvisionedMachine> list();

    /** What can be launched now, with prices where the provider publishes them. */
    default Capacity capacity() {
        return Capacity.unknown();
    }

    /** Stops a machine without losing its disk, where the provider can (EC2, Compute Engine); others refuse in words. */
    default void suspend(ProvisionedMachine machine) {
        throw new ProviderException(name() + " cannot suspend machines; destroy it instead");
    }

    /** Starts a suspended machine again, where the provider can. */
    default void resume(ProvisionedMachine machine) {
        throw new ProviderException(name() + " cannot resume machines");
    }

    /**
     * Deletes what the deployment's machines shared (security group, key pair) once none is left.
     * Called by {@code lablink down}; doing it twice is not an error.
     */
    default void teardown() {
    }

    /** The session program used when config sets no {@code session.command}; empty when there is none. */
    default List<String> defaultSessionCommand() {
        return List.of();
    }

    @Override
    default void close() {
    }
}
