package dev.lablink.server.machines;

import java.util.List;
import org.springframework.stereotype.Component;

/**
 * This allocator's {@link MachineChangeListener}s (long polls, live pages). The database
 * notification reaches them from every allocator; a caller that has just changed a machine tells
 * them at once as well, so its own waiters answer without the notification's round trip, and the
 * caller needs to know no listener by name.
 */
@Component
public class LocalMachineChanges {
    private final List<MachineChangeListener> listeners;

    public LocalMachineChanges(List<MachineChangeListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    /** Tells every listener that the machine changed; telling twice is harmless (they re-read). */
    public void changed(long machineId) {
        listeners.forEach(listener -> listener.machineChanged(machineId));
    }

    void mayHaveBeenMissed() {
        listeners.forEach(MachineChangeListener::changesMayHaveBeenMissed);
    }
}
