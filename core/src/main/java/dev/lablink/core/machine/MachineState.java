package dev.lablink.core.machine;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The lifecycle of one machine. The allowed transitions live here, in one table, so that the
 * database guard ({@code WHERE state IN predecessors}) and every caller agree on them.
 */
public enum MachineState {
    PROVISIONING,
    BOOTING,
    READY,
    ASSIGNED,
    IN_USE,
    /** No heartbeat for a while; returns to the state it left when the agent is heard again. */
    UNREACHABLE,
    FAILED,
    TERMINATING,
    TERMINATED;

    private static final Map<MachineState, Set<MachineState>> NEXT = Map.of(
            PROVISIONING, EnumSet.of(BOOTING, FAILED, TERMINATING),
            BOOTING, EnumSet.of(READY, FAILED, TERMINATING),
            // READY → BOOTING: a LabLink client image reports it is rebooting
            READY, EnumSet.of(ASSIGNED, BOOTING, UNREACHABLE, FAILED, TERMINATING),
            ASSIGNED, EnumSet.of(IN_USE, UNREACHABLE, FAILED, TERMINATING),
            // IN_USE → ASSIGNED: session.software stopped running; the seat is still the participant's
            IN_USE, EnumSet.of(ASSIGNED, UNREACHABLE, FAILED, TERMINATING),
            UNREACHABLE, EnumSet.of(READY, ASSIGNED, IN_USE, FAILED, TERMINATING),
            FAILED, EnumSet.of(TERMINATING),
            TERMINATING, EnumSet.of(TERMINATED, FAILED),
            TERMINATED, EnumSet.noneOf(MachineState.class));

    public boolean canMoveTo(MachineState next) {
        return NEXT.get(this).contains(next);
    }

    /** The states from which {@code target} may be entered. */
    public static Set<MachineState> predecessorsOf(MachineState target) {
        Set<MachineState> result = EnumSet.noneOf(MachineState.class);
        for (MachineState state : values()) {
            if (state.canMoveTo(target)) {
                result.add(state);
            }
        }
        return result;
    }

    /** A machine in one of these states holds a participant's seat. */
    public boolean holdsSeat() {
        return this == ASSIGNED || this == IN_USE;
    }

    /** States in which the agent runs and must send heartbeats. */
    public static final Set<MachineState> WATCHED = EnumSet.of(READY, ASSIGNED, IN_USE);
}
