package dev.lablink.server.agentapi;

import dev.lablink.server.allocation.CrdSecrets;
import java.util.List;
import java.util.Map;

/**
 * What an agent's poll answers: the claim to serve, or {@code claim_id: null} once its seat is
 * released. {@code crd} (code and PIN) is there when the participant connects with Chrome Remote
 * Desktop. {@code ssh_public_key} is the key the participant pasted for ssh (null: none), which the
 * agent writes to {@code session.ssh.authorized_keys}. {@code revision} changes when the participant
 * re-submits a CRD code or pastes another ssh key for the same claim; an agent that polls with it is
 * woken by the change. {@code env} is added to the session's environment (the apps' {@code LABLINK_BASE_URL_<NAME>}
 * and {@code session.env}). {@code image} is the OCI image the session runs (null: the command runs on the machine itself),
 * pinned to the digest its batch launched where the catalog knows it.
 */
public record AssignmentView(Long claimId, String email, List<String> command, CrdSecrets.Crd crd, String revision,
                             String sshPublicKey, Map<String, String> env, String image) {
    static final AssignmentView RELEASED = new AssignmentView(null, null, List.of(), null, null, null, Map.of(), null);
}
