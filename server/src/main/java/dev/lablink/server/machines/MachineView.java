package dev.lablink.server.machines;

import java.time.Instant;
import java.util.Map;

/** A machine as the API shows it; {@code image} is the image its sessions run, pinned by digest when its batch was created (null: session.image as config gives it, or none). */
public record MachineView(String name, String provider, String providerId, String machineType, String region,
                          String state, String stateReason, String claimedBy, Instant createdAt, Instant stateChangedAt,
                          Map<String, Instant> stateTimes, Instant lastSeenAt, Long batch, BootTimings bootTimings,
                          String gpuHealth, String gpuHealthReason, String address, Integer priceCentsPerHour, String image) {

    public static MachineView of(Machine machine) {
        return new MachineView(machine.name(), machine.provider(), machine.providerId(), machine.machineType(),
                machine.region(), machine.state().name(), machine.stateReason(),
                machine.holdsSeat() ? machine.assignedEmail() : null,
                machine.createdAt(), machine.stateChangedAt(), machine.stateTimes(), machine.lastSeenAt(), machine.batchId(), BootTimings.of(machine),
                machine.gpuHealth(), machine.gpuHealthReason(), machine.address(), machine.priceCentsPerHour(), machine.image());
    }
}
