package dev.lablink.server.compat;

import dev.lablink.server.events.EventRepository;
import dev.lablink.server.gpu.GpuHealth;
import dev.lablink.server.machines.Machine;
import org.springframework.stereotype.Component;

/**
 * Tells the admin (an event) when a LabLink client machine's GPU turns unhealthy or recovers.
 * Recovery cannot replace such a machine (this allocator did not create it); instead, while its
 * GPU is unhealthy, it is left out of the free seats (see ClaimRepository).
 */
@Component
class ClientGpuFlags {
    static final String ACTOR = "system:recovery";

    private final EventRepository events;

    ClientGpuFlags(EventRepository events) {
        this.events = events;
    }

    void changed(Machine machine, GpuHealth before, GpuHealth now) {
        String who = machine.name() + (machine.holdsSeat() ? " of " + machine.assignedEmail() : "");
        if (now == GpuHealth.UNHEALTHY && before != GpuHealth.UNHEALTHY) {
            events.record(ACTOR, machine.id(), "FLAGGED", who + " reports an unhealthy GPU; it is a LabLink client machine, which this"
                    + " allocator did not create, so it is kept (not replaced) and not offered to participants until it reports Healthy again");
        } else if (before == GpuHealth.UNHEALTHY && now != GpuHealth.UNHEALTHY) {
            events.record(ACTOR, machine.id(), "FLAG_CLEARED", who + " reports its GPU " + (now == GpuHealth.NO_GPU ? "N/A" : "healthy")
                    + " again; it is offered to participants again when it is free");
        }
    }
}
