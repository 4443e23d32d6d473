package dev.lablink.server.health;

import dev.lablink.core.config.RecoverySettings;
import dev.lablink.server.allocation.ClaimRepository;
import dev.lablink.server.events.EventRepository;
import dev.lablink.server.provisioning.MachineReplacer;
import org.springframework.stereotype.Service;

/**
 * What happens to a machine that stopped answering or whose GPU is UNHEALTHY ({@code recovery.*}).
 * Unclaimed, it is replaced when {@code replace} is on. Claimed, it was flagged (an event) when it
 * went wrong; with {@code reassign} its participant's claim (and seat page) moves to a free
 * machine, and the old one is replaced. Runs every watchdog round, so a reassignment waiting for a
 * free machine happens as soon as one is READY.
 */
@Service
public class RecoveryService {
    static final String ACTOR = "system:recovery";

    private final HeartbeatRepository heartbeats;
    private final ClaimRepository claims;
    private final MachineReplacer replacer;
    private final EventRepository events;
    private final RecoverySettings settings;

    public RecoveryService(HeartbeatRepository heartbeats, ClaimRepository claims, MachineReplacer replacer,
                           EventRepository events, dev.lablink.core.config.LabLinkConfig config) {
        this.heartbeats = heartbeats;
        this.claims = claims;
        this.replacer = replacer;
        this.events = events;
        this.settings = config.recovery();
    }

    /**
     * Called when a machine has just gone quiet: a claimed one is flagged to the admin, and so is
     * every LabLink client machine, which recovery leaves alone (see {@link HeartbeatRepository#troubled}).
     */
    public void flag(HeartbeatRepository.Silenced silenced) {
        if (silenced.labLinkClient()) {
            events.record(ACTOR, silenced.id(), "FLAGGED", silenced.name() + (silenced.claimedBy() == null ? "" : " of " + silenced.claimedBy())
                    + " stopped answering; it is a LabLink client machine, which this allocator did not create, so it is kept"
                    + " (not replaced) and is not offered to participants until it speaks again");
            return;
        }
        if (silenced.claimedBy() == null) {
            return;
        }
        events.record(ACTOR, silenced.id(), "FLAGGED", silenced.name() + " of " + silenced.claimedBy() + " stopped answering; "
                + (settings.reassign() ? "they will be moved to a free machine" : "recovery.reassign is off, so they stay on it"));
    }

    public void recover() {
        for (HeartbeatRepository.Troubled machine : heartbeats.troubled()) {
            if (machine.claimId() == null) {
                if (settings.replace()) {
                    replacer.replace(machine.name(), "replaced by recovery: it " + machine.why(), "which " + machine.why(), ACTOR);
                }
            } else if (settings.reassign()) {
                claims.moveToFreeMachine(machine.claimId(), machine.id(),
                                "took over the seat of " + machine.email() + " from " + machine.name() + ", which " + machine.why())
                        .ifPresent(moved -> replacer.replace(machine.name(), "its participant moved to " + moved + "; it " + machine.why(),
                                "which " + machine.why(), ACTOR));
            }
        }
    }
}
