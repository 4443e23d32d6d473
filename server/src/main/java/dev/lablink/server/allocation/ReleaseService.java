package dev.lablink.server.allocation;

import dev.lablink.core.provider.ProviderException;
import dev.lablink.server.api.BadRequestException;
import dev.lablink.server.api.NotFoundException;
import dev.lablink.server.events.EventRepository;
import dev.lablink.server.machines.Machine;
import dev.lablink.server.machines.MachineService;
import dev.lablink.server.provisioning.ProvisioningService;
import org.springframework.stereotype.Service;

/**
 * Ends a seat. A machine someone has used is never handed to the next person (their files may
 * still be on it): it is destroyed, and a fresh machine of the same type and region replaces it,
 * so the number of seats stays what the admin asked for.
 */
@Service
public class ReleaseService {
    private final ClaimRepository claims;
    private final MachineService machines;
    private final ProvisioningService provisioning;
    private final EventRepository events;

    public ReleaseService(ClaimRepository claims, MachineService machines, ProvisioningService provisioning, EventRepository events) {
        this.claims = claims;
        this.machines = machines;
        this.provisioning = provisioning;
        this.events = events;
    }

    /** The participant gives their seat back from their seat page; releasing twice changes nothing. */
    public Claim releaseSeat(String pageKey) {
        Claim claim = seat(pageKey);
        if (claim.isActive()) {
            release(claim.machine(), "seat released by " + claim.email(), "participant:" + claim.email());
        }
        return seat(pageKey);
    }

    /** What a release did: the machine given up, and the one replacing it (null when none could be created). */
    public record Released(String machine, String replacement) {
    }

    /** An admin ends the claim on a machine. */
    public Released releaseMachine(String machineName, String actor) {
        Machine machine = machines.get(machineName);
        if (!machine.state().holdsSeat()) {
            throw new NoClaimToReleaseException(machine.name(), machine.state());
        }
        return new Released(machine.name(), release(machine.name(), "claim of " + machine.assignedEmail() + " released by " + actor, actor));
    }

    public Claim seat(String pageKey) {
        if (!SeatPageKeys.looksLikeKey(pageKey)) {
            throw new NotFoundException("no seat at this address");
        }
        return claims.findByPageKey(pageKey).orElseThrow(() -> new NotFoundException("no seat at this address"));
    }

    /** Returns the replacement's name, or null when there is none. */
    private String release(String machineName, String reason, String actor) {
        if (!machines.destroyInBackground(machineName, reason, actor)) {
            return null; // someone else is already destroying it, and replacing it is not ours to do
        }
        Machine old = machines.get(machineName);
        try {
            Machine replacement = provisioning.create(1, old.machineType(), old.region(), actor).machines().getFirst();
            events.record(actor, replacement.id(), "REPLACEMENT", replacement.name() + " replaces " + old.name() + ", whose seat was released");
            return replacement.name();
        } catch (ProviderException | BadRequestException e) {
            events.record("system", old.id(), "REPLACEMENT_FAILED", "no replacement for " + old.name() + ": " + e.getMessage());
            return null;
        }
    }
}
