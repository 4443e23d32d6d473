package dev.lablink.server.allocation;

import dev.lablink.server.api.NotFoundException;
import dev.lablink.server.machines.Machine;
import dev.lablink.server.machines.MachineService;
import dev.lablink.server.provisioning.MachineReplacer;
import org.springframework.stereotype.Service;

/**
 * Ends a seat. A machine someone has used is never handed to the next person (their files may
 * still be on it): it is destroyed and a fresh one replaces it ({@link MachineReplacer}).
 */
@Service
public class ReleaseService {
    private final ClaimRepository claims;
    private final MachineService machines;
    private final MachineReplacer replacer;

    public ReleaseService(ClaimRepository claims, MachineService machines, MachineReplacer replacer) {
        this.claims = claims;
        this.machines = machines;
        this.replacer = replacer;
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
        if (!machine.holdsSeat()) {
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
        return replacer.replace(machineName, reason, "whose seat was released", actor).orElse(null);
    }
}
