package dev.lablink.server.allocation;

import java.time.Instant;

/**
 * A participant's seat: which machine, since when, and the key of their private seat page. A
 * released claim keeps when and why it ended.
 */
public record Claim(long id, String email, long machineId, String machine, String state, Instant claimedAt,
                    String pageKey, Instant releasedAt, String releaseReason) {

    public boolean isActive() {
        return releasedAt == null;
    }
}
