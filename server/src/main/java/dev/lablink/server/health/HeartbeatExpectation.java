package dev.lablink.server.health;

import dev.lablink.core.config.LabLinkConfig;
import dev.lablink.core.config.TelemetrySettings;
import java.time.Duration;
import java.util.List;

/**
 * How long a machine may stay silent before it counts as UNREACHABLE, by the protocol it speaks:
 * our agents beat every {@code telemetry.heartbeat_seconds}; LabLink's client images every
 * {@code compat.heartbeat_seconds} (30 s), and only those that have sent a heartbeat at all are
 * watched (images older than its heartbeat route never send one).
 *
 * @param labLinkClients whether this is the expectation for LabLink client machines
 */
record HeartbeatExpectation(boolean labLinkClients, Duration silence, String reason) {

    static List<HeartbeatExpectation> of(LabLinkConfig config) {
        TelemetrySettings telemetry = config.telemetry();
        Duration agents = telemetry.unreachableAfter();
        Duration clients = Duration.ofSeconds(config.compat().heartbeatSeconds()).multipliedBy(telemetry.missedHeartbeats());
        return List.of(
                new HeartbeatExpectation(false, agents,
                        "no heartbeat for more than " + agents.toSeconds() + " s (" + telemetry.missedHeartbeats() + " missed)"),
                new HeartbeatExpectation(true, clients, "no heartbeat from its LabLink client for more than " + clients.toSeconds() + " s ("
                        + telemetry.missedHeartbeats() + " missed of its " + config.compat().heartbeatSeconds() + " s beat)"));
    }
}
