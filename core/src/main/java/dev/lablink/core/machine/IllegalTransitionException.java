package dev.lablink.core.machine;

/** Raised when a machine is asked to move to a state its current state cannot reach. */
public class IllegalTransitionException extends RuntimeException {
    private final String machine;
    private final MachineState from;
    private final MachineState to;

    public IllegalTransitionException(String machine, MachineState from, MachineState to) {
        super("machine " + machine + " cannot go from " + from + " to " + to);
        this.machine = machine;
        this.from = from;
        this.to = to;
    }

    public String machine() {
        return machine;
    }

    public MachineState from() {
        return from;
    }

    public MachineState to() {
        return to;
    }
}
