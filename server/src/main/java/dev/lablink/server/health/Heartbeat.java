package dev.lablink.server.health;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What an agent says about its machine every {@code telemetry.heartbeat_seconds}: the kernel's
 * boot id (a new one means the machine rebooted), free disk under the agent's directory, the
 * 1-minute load average, and whether the participant's session process is alive (null: no session).
 */
public record Heartbeat(String bootId, Long diskFreeBytes, @JsonProperty("load_1m") Double load1m, Boolean sessionAlive) {
}
