package dev.lablink.server.tunnel;

import dev.lablink.server.machines.Machine;
import dev.lablink.server.machines.MachineRepository;
import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * Who asks for a tunnel or a machine's ssh details, and which machines they may reach: an admin
 * account any machine, a participant with their claim's tunnel token only their claim's machine.
 * For a participant another's machine and an unknown one look the same (empty).
 */
@Component
public class TunnelCallers {
    /** The authority a request authenticated by a seat tunnel token ({@code lls_…}) carries; its principal is the {@link SeatTunnelTokens.Holder}. */
    public static final String PARTICIPANT_AUTHORITY = "ROLE_PARTICIPANT";

    private final MachineRepository machines;

    TunnelCallers(MachineRepository machines) {
        this.machines = machines;
    }

    /** {@code participant:<email>} or {@code admin:<user>}, for events. */
    static String actor(Authentication caller) {
        return seatHolder(caller).map(holder -> "participant:" + holder.email()).orElse("admin:" + caller.getName());
    }

    static Optional<SeatTunnelTokens.Holder> seatHolder(Authentication caller) {
        return caller != null && caller.getPrincipal() instanceof SeatTunnelTokens.Holder holder ? Optional.of(holder) : Optional.empty();
    }

    /** The named machine if this caller may reach it. */
    Optional<Machine> machineFor(Authentication caller, String name) {
        Optional<Machine> machine = machines.findByName(name);
        Optional<SeatTunnelTokens.Holder> holder = seatHolder(caller);
        if (holder.isPresent()) {
            return machine.filter(m -> m.id() == holder.get().machineId());
        }
        return machine;
    }

    /** The participant's machine, for a seat token; empty for an account. */
    Optional<Machine> seatMachine(Authentication caller) {
        return seatHolder(caller).flatMap(holder -> machines.findById(holder.machineId()));
    }
}
