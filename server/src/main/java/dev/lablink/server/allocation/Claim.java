package dev.lablink.server.allocation;

import java.time.Instant;

/**
 * A participant's seat: which machine, since when, and the key of their private seat page. A
 * released claim keeps when and why it ended. {@code sealed} is what the participant gave to
 * connect, encrypted as stored (see {@link CrdSecrets}); {@code sshPublicKey} the public key they
 * pasted for ssh, if any (not a secret).
 */
public record Claim(long id, String email, long machineId, String machine, String state, Instant claimedAt,
                    String pageKey, Instant releasedAt, String releaseReason, Sealed sealed, String sshPublicKey) {

    /** The CRD code and PIN as stored, sealed; both null when the deployment does not use CRD. */
    public record Sealed(String crdCode, String pin) {
        public static final Sealed NONE = new Sealed(null, null);
    }

    public boolean isActive() {
        return releasedAt == null;
    }

    /**
     * Changes exactly when the participant re-submits a CRD code for this claim (each one is sealed
     * afresh) or pastes another ssh key: a fingerprint of both, which tells nothing about the code itself.
     */
    public String revision() {
        String code = sealed == null ? null : sealed.crdCode();
        if (code == null && sshPublicKey == null) {
            return "0";
        }
        String fingerprinted = sshPublicKey == null ? code : (code == null ? "" : code) + "\n" + sshPublicKey;
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(fingerprinted.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
