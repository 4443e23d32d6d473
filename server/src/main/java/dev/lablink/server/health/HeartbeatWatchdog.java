package dev.lablink.server.health;

import dev.lablink.core.config.TelemetrySettings;
import dev.lablink.server.background.TickingComponent;
import dev.lablink.core.machine.MachineState;
import dev.lablink.server.database.DatabaseState;
import dev.lablink.server.machines.MachineRepository;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Every third of a heartbeat interval: machines silent for {@code missed_heartbeats} intervals
 * become UNREACHABLE, machines that never finished booting become FAILED, and recovery runs. Safe
 * with several allocators on one database: every change is guarded in its statement.
 */
@Component
public class HeartbeatWatchdog extends TickingComponent {
    private static final Logger log = LoggerFactory.getLogger(HeartbeatWatchdog.class);

    private final HeartbeatRepository heartbeats;
    private final MachineRepository machines;
    private final RecoveryService recovery;
    private final TelemetrySettings settings;
    /** Heartbeats could not be stored before this (the allocator starting, or its database coming back). */
    private final DatabaseState database;

    public HeartbeatWatchdog(HeartbeatRepository heartbeats, MachineRepository machines, RecoveryService recovery,
                             dev.lablink.core.config.LabLinkConfig config, DatabaseState database) {
        super("lablink-watchdog");
        this.heartbeats = heartbeats;
        this.machines = machines;
        this.recovery = recovery;
        this.settings = config.telemetry();
        this.database = database;
    }

    void check() {
        if (database.isUnreachable()) {
            return; // heartbeats cannot arrive meanwhile; once it is back, silence counts from then
        }
        Duration silence = settings.unreachableAfter();
        String reason = "no heartbeat for more than " + silence.toSeconds() + " s (" + settings.missedHeartbeats() + " missed)";
        for (HeartbeatRepository.Silenced silenced : heartbeats.markUnreachable(silence, database.reachableSince(), reason)) {
            log.warn("{} is unreachable: {}", silenced.name(), reason);
            recovery.flagIfClaimed(silenced);
        }
        Duration bootTimeout = Duration.ofSeconds(settings.bootTimeoutSeconds());
        for (long id : heartbeats.stuckStarting(bootTimeout)) {
            machines.transition(id, MachineState.FAILED,
                    "its agent did not register within " + bootTimeout.toSeconds() + " s (telemetry.boot_timeout_seconds)", "system:watchdog");
        }
        recovery.recover();
    }

    @Override
    protected void schedule() {
        every(Duration.ofMillis(Math.max(1000, settings.heartbeat().toMillis() / 3)), this::check);
    }
}
