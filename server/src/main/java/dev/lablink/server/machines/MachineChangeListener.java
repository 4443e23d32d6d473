package dev.lablink.server.machines;

/** Told about every machine change, from this allocator or any other on the same database. */
public interface MachineChangeListener {
    void machineChanged(long machineId);

    /** The notification connection was lost and is back: re-check everything. */
    void changesMayHaveBeenMissed();
}
