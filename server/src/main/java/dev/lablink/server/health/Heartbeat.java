package dev.lablink.server.health;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What an agent says about its machine every {@code telemetry.heartbeat_seconds}: the kernel's
 * boot id (a new one means the machine rebooted), free disk under the agent's directory, the
 * 1-minute load average, whether the participant's session process is alive (null: no session),
 * and which of the session's tunnel ports accept a connection on the machine now (null: the agent
 * does not say), which greys the seat page's app buttons until the app answers, and whether
 * {@code session.software} runs (null: no software is configured, or an older agent).
 */
public record Heartbeat(String bootId, Long diskFreeBytes, @JsonProperty("load_1m") Double load1m, Boolean sessionAlive,
                        java.util.List<Integer> readyPorts, Boolean softwareRunning) {
    public Heartbeat(String bootId, Long diskFreeBytes, Double load1m, Boolean sessionAlive) {
        this(bootId, diskFreeBytes, load1m, sessionAlive, null, null);
    }
}
