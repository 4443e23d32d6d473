package dev.lablink.server.allocation;

import java.time.Instant;

/** A participant's seat: which machine, since when. */
public record Claim(long id, String email, long machineId, String machine, String state, Instant claimedAt) {
}
