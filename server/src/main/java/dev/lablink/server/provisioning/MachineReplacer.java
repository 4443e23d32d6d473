package dev.lablink.server.provisioning;

import dev.lablink.core.provider.ProviderException;
import dev.lablink.server.api.BadRequestException;
import dev.lablink.server.events.EventRepository;
import dev.lablink.server.machines.Machine;
import dev.lablink.server.machines.MachineService;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * Destroys a machine and creates a fresh one of the same type and region in its place, so the
 * number of seats stays what the admin asked for. Used when a seat is released and when recovery
 * gives up on a machine. Only the caller that starts the destroy creates the replacement, so two
 * allocators (or two clicks) never create two.
 */
@Service
public class MachineReplacer {
    private final MachineService machines;
    private final ProvisioningService provisioning;
    private final EventRepository events;

    public MachineReplacer(MachineService machines, ProvisioningService provisioning, EventRepository events) {
        this.machines = machines;
        this.provisioning = provisioning;
        this.events = events;
    }

    /**
     * @param reason why the old machine goes, recorded on it
     * @param because why the new one comes, completing "X replaces Y, " in its event
     * @return the replacement's name; empty when another caller is already destroying the machine
     *         or no replacement could be created (then an event says why)
     */
    public Optional<String> replace(String machineName, String reason, String because, String actor) {
        if (!machines.destroyInBackground(machineName, reason, actor)) {
            return Optional.empty();
        }
        Machine old = machines.get(machineName);
        if (old.isLabLinkClient()) {
            // No provider of ours made it, so none can make another: say so rather than create a replacement doomed to fail.
            events.record(actor, old.id(), "NO_REPLACEMENT", "no replacement for " + old.name()
                    + ": it is a LabLink client machine, which this allocator did not create; start another where it was started");
            return Optional.empty();
        }
        try {
            // The old machine's pinned image, not the catalog's current digest for its tag: a push
            // since the batch was created must not silently change what a workshop runs.
            Machine replacement = provisioning.create(new ProvisioningService.Request(1, old.provider(), old.machineType(), old.region(), null),
                    old.image(), actor).machines().getFirst();
            events.record(actor, replacement.id(), "REPLACEMENT", replacement.name() + " replaces " + old.name() + ", " + because);
            return Optional.of(replacement.name());
        } catch (ProviderException | BadRequestException e) {
            events.record("system", old.id(), "REPLACEMENT_FAILED", "no replacement for " + old.name() + ": " + e.getMessage());
            return Optional.empty();
        }
    }
}
