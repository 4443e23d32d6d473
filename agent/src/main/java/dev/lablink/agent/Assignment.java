package dev.lablink.agent;

import java.util.List;

/** What the allocator answers a poll with: the claim to serve (null when the seat was released). */
public record Assignment(Long claimId, String email, List<String> command) {

    public boolean isReleased() {
        return claimId == null;
    }
}
