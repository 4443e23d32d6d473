package dev.lablink.server.machines;

import dev.lablink.core.machine.MachineState;
import java.time.Duration;
import java.time.Instant;

/**
 * Where a machine's start-up time went: the provider's create call (PROVISIONING → BOOTING), the
 * boot until the agent process started, and the agent's own start-up until READY (its startup
 * script included). A part not reached yet is null.
 */
public record BootTimings(Double providerSeconds, Double bootSeconds, Double agentSeconds) {

    public static BootTimings of(Machine machine) {
        Instant requested = machine.stateTimes().get(MachineState.PROVISIONING.name());
        Instant created = machine.stateTimes().get(MachineState.BOOTING.name());
        Instant ready = machine.stateTimes().get(MachineState.READY.name());
        Instant agent = machine.agentStartedAt();
        return new BootTimings(seconds(requested, created), seconds(created, agent), seconds(agent != null ? agent : created, ready));
    }

    /** Never negative: an agent may start before its provider's create call returns. */
    private static Double seconds(Instant from, Instant to) {
        if (from == null || to == null) {
            return null;
        }
        return Math.max(0, Duration.between(from, to).toMillis()) / 1000.0;
    }
}
