package dev.lablink.server.allocation;

import dev.lablink.core.machine.MachineState;

/** Release was asked for a machine that holds no seat. */
public class NoClaimToReleaseException extends RuntimeException {
    public NoClaimToReleaseException(String machine, MachineState state) {
        super(machine + " has no claim to release: it is " + state);
    }
}
