package dev.lablink.core.config;

import java.time.Duration;

/**
 * {@code telemetry.*}: how often agents send a heartbeat, how many may be missed before a machine
 * counts as UNREACHABLE, and how long a machine may take to boot before it counts as FAILED.
 */
public record TelemetrySettings(Integer heartbeatSeconds, Integer missedHeartbeats, Integer bootTimeoutSeconds) {
    public TelemetrySettings {
        heartbeatSeconds = heartbeatSeconds == null ? 15 : heartbeatSeconds;
        missedHeartbeats = missedHeartbeats == null ? 3 : missedHeartbeats;
        bootTimeoutSeconds = bootTimeoutSeconds == null ? 600 : bootTimeoutSeconds;
    }

    public Duration heartbeat() {
        return Duration.ofSeconds(heartbeatSeconds);
    }

    /** Silence longer than this makes a machine UNREACHABLE. */
    public Duration unreachableAfter() {
        return heartbeat().multipliedBy(missedHeartbeats);
    }
}
