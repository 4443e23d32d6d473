package dev.lablink.server.agentapi;

import java.util.List;

/** What an agent's poll answers: the claim to serve, or {@code claim_id: null} once its seat is released. */
public record AssignmentView(Long claimId, String email, List<String> command) {
    static final AssignmentView RELEASED = new AssignmentView(null, null, List.of());
}
