package dev.lablink.core.config;

import java.time.Duration;

/**
 * {@code telemetry.*}: how often agents send a heartbeat, how many may be missed before a machine
 * counts as UNREACHABLE, how long a machine may take to boot before it counts as FAILED, how often
 * GPUs are sampled, and the temperature above which a GPU counts as DEGRADED.
 */
public record TelemetrySettings(Integer heartbeatSeconds, Integer missedHeartbeats, Integer bootTimeoutSeconds,
                                Integer gpuSampleSeconds, Integer gpuTemperatureLimitC) {
    public TelemetrySettings {
        heartbeatSeconds = heartbeatSeconds == null ? 15 : heartbeatSeconds;
        missedHeartbeats = missedHeartbeats == null ? 3 : missedHeartbeats;
        bootTimeoutSeconds = bootTimeoutSeconds == null ? 600 : bootTimeoutSeconds;
        gpuSampleSeconds = gpuSampleSeconds == null ? 10 : gpuSampleSeconds;
        gpuTemperatureLimitC = gpuTemperatureLimitC == null ? 85 : gpuTemperatureLimitC;
    }

    public Duration heartbeat() {
        return Duration.ofSeconds(heartbeatSeconds);
    }

    /** Silence longer than this makes a machine UNREACHABLE. */
    public Duration unreachableAfter() {
        return heartbeat().multipliedBy(missedHeartbeats);
    }
}
