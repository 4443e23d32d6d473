package dev.lablink.server.health;

import dev.lablink.core.config.TelemetrySettings;
import dev.lablink.server.background.TickingComponent;
import dev.lablink.server.machines.MachineLifecycle;
import java.time.Duration;
import java.time.Instant;
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
    private final java.util.List<HeartbeatExpectation> expectations;
    private final Instant startedAt = Instant.now();

    public HeartbeatWatchdog(HeartbeatRepository heartbeats, MachineLifecycle lifecycle, RecoveryService recovery,
                             dev.lablink.core.config.LabLinkConfig config) {
        super("lablink-watchdog");
        this.heartbeats = heartbeats;
        this.lifecycle = lifecycle;
        this.recovery = recovery;
        this.settings = config.telemetry();
        this.expectations = HeartbeatExpectation.of(config);
    }

    void check() {
        for (HeartbeatExpectation expected : expectations) {
            for (HeartbeatRepository.Silenced silenced : heartbeats.markUnreachable(expected, startedAt)) {
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
