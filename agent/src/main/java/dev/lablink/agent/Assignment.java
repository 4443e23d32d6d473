package dev.lablink.agent;

import java.util.List;
import java.util.Map;

/**
 * What the allocator answers a poll with: the claim to serve (null when the seat was released),
 * and, when the participant connects with Chrome Remote Desktop, the code and PIN for start-host.
 * {@code sshPublicKey} is the key the participant pasted for ssh (null: none). {@code revision}
 * changes when the participant submits a new code or key for the same claim.
 */
public record Assignment(Long claimId, String email, List<String> command, String crdCode, String crdPin, String revision,
                         String sshPublicKey, Map<String, String> env, String image) {
    /**
     * {@code env}: variables the allocator adds to the session's environment (the apps' {@code LABLINK_BASE_URL_<NAME>}, {@code session.env});
     * {@code image}: the OCI image the session runs in (null: the command runs on the machine itself).
     */
    public Assignment {
        env = env == null ? Map.of() : Map.copyOf(env);
    }

    public Assignment(Long claimId, String email, List<String> command, String crdCode, String crdPin, String revision) {
        this(claimId, email, command, crdCode, crdPin, revision, null, Map.of(), null);
    }

    public boolean isReleased() {
        return claimId == null;
    }

    public boolean hasCrd() {
        return crdCode != null && crdPin != null;
    }

    @Override
    public String toString() {
        return "Assignment[claimId=" + claimId + ", email=" + email + ", command=" + command + ", image=" + image + ", crd=" + (hasCrd() ? "***" : "none") + "]";
    }
}
