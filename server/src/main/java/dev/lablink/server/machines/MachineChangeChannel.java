package dev.lablink.server.machines;

import dev.lablink.server.database.ChannelListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** The channel every machine-changing statement notifies with the machine's id, passed on to every {@link MachineChangeListener}. */
@Component
public class MachineChangeChannel implements ChannelListener {
    public static final String CHANNEL = "lablink_machine_changed";
    private static final Logger log = LoggerFactory.getLogger(MachineChangeChannel.class);

    private final LocalMachineChanges listeners;

    public MachineChangeChannel(LocalMachineChanges listeners) {
        this.listeners = listeners;
    }

    @Override
    public String channel() {
        return CHANNEL;
    }

    @Override
    public void notified(String payload) {
        try {
            long id = Long.parseLong(payload);
            listeners.changed(id);
        } catch (NumberFormatException e) {
            log.warn("ignoring a malformed notification on {}: {}", CHANNEL, payload);
        }
    }

    @Override
    public void missed() {
        listeners.mayHaveBeenMissed();
    }
}
