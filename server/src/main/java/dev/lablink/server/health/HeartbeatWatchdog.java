package dev.lablink.server.health;

import dev.lablink.core.config.TelemetrySettings;
import dev.lablink.server.background.TickingComponent;
import dev.lablink.core.config.LabLinkConfig;
import dev.lablink.server.database.DatabaseState;
import dev.lablink.server.machines.MachineLifecycle;
import java.time.Duration;
import java.util.List;
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
    private final MachineLifecycle lifecycle;
    private final RecoveryService recovery;
    private final TelemetrySettings settings;
    private final List<HeartbeatExpectation> expectations;
    /** Heartbeats could not be stored before this (the allocator starting, or its database coming back). */
    private final DatabaseState database;

    public HeartbeatWatchdog(HeartbeatRepository heartbeats, MachineLifecycle lifecycle, RecoveryService recovery,
                             LabLinkConfig config, DatabaseState database) {
        super("lablink-watchdog");
        this.heartbeats = heartbeats;
        this.lifecycle = lifecycle;
        this.recovery = recovery;
        this.settings = config.telemetry();
        this.expectations = HeartbeatExpectation.of(config);
        this.database = database;
    }

    void check() {
        if (database.isUnreachable()) {
            return; // heartbeats cannot arrive meanwhile; once it is back, silence counts from then
        }
        for (HeartbeatExpectation expected : expectations) {
            for (HeartbeatRepository.Silenced silenced : heartbeats.markUnreachable(expected, database.reachableSince())) {
                log.warn("{} is unreachable: {}", silenced.name(), expected.reason());
                recovery.flag(silenced);
            }
        }
        Duration bootTimeout = Duration.ofSeconds(settings.bootTimeoutSeconds());
        for (long id : heartbeats.stuckStarting(bootTimeout)) {
            lifecycle.neverRegistered(id, bootTimeout);
        }
        recovery.recover();
    }

    @Override
    protected void schedule() {
        every(Duration.ofMillis(Math.max(1000, settings.heartbeat().toMillis() / 3)), this::check);
    }
}
