package dev.lablink.server.machines;

import dev.lablink.core.machine.MachineState;
import java.time.Instant;
import java.util.Map;

/**
 * One machine as the allocator records it. {@code image} is the image its sessions run, pinned by
 * digest when its batch was created ({@code host/repository:tag@sha256:…}); null: {@code session.image}
 * as config gives it, or none.
 */
public record Machine(
        long id,
        String name,
        String provider,
        String providerId,
        String machineType,
        String region,
        MachineState state,
        String stateReason,
        String assignedEmail,
        Instant createdAt,
        Instant stateChangedAt,
        Map<String, Instant> stateTimes,
        Instant lastSeenAt,
        Long batchId,
        Instant agentStartedAt,
        MachineState stateBeforeUnreachable,
        String gpuHealth,
        String gpuHealthReason,
        String address,
        Integer priceCentsPerHour,
        String image) {

    /**
     * The provider of machines that registered through LabLink's client routes (its own client
     * images): this allocator did not create them and cannot destroy or replace them.
     */
    public static final String LABLINK_CLIENT = "lablink-client";

    public boolean isLabLinkClient() {
        return LABLINK_CLIENT.equals(provider);
    }

    /** Whether a participant's claim is on this machine, also while it is unreachable. */
    public boolean holdsSeat() {
        return state.holdsSeat() || (state == MachineState.UNREACHABLE && stateBeforeUnreachable != null && stateBeforeUnreachable.holdsSeat());
    }
}
