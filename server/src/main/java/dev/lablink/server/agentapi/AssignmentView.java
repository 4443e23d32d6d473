package dev.lablink.server.agentapi;

import dev.lablink.server.allocation.CrdSecrets;
import java.util.List;

/**
 * What an agent's poll answers: the claim to serve, or {@code claim_id: null} once its seat is
 * released. {@code crd} (code and PIN) is there when the participant connects with Chrome Remote Desktop.
 */
public record AssignmentView(Long claimId, String email, List<String> command, CrdSecrets.Crd crd) {
    static final AssignmentView RELEASED = new AssignmentView(null, null, List.of(), null);
}
