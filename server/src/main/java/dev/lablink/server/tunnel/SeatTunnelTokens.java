package dev.lablink.server.tunnel;

import dev.lablink.server.provisioning.MachineTokens;
import dev.lablink.server.secrets.SecretBox;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A claim's tunnel token ({@code lls_…}): what a participant's {@code lablink ssh --seat} shows the
 * allocator instead of an admin's credentials. Made on first use, shown again on the seat page
 * (sealed at rest), found by its hash, and worthless once the claim is released.
 */
@Component
public class SeatTunnelTokens {
    public static final String PREFIX = "lls_";

    private final JdbcClient jdbc;
    private final SecretBox box;

    public SeatTunnelTokens(JdbcClient jdbc, SecretBox box) {
        this.jdbc = jdbc;
        this.box = box;
    }

    /** The active claim's token, made now if it has none; empty when the claim is released or unknown. */
    public Optional<String> forClaim(long claimId) {
        String fresh = PREFIX + MachineTokens.newToken();
        int made = jdbc.sql("UPDATE claims SET tunnel_token_sealed = :sealed, tunnel_token_hash = :hash "
                        + "WHERE id = :id AND released_at IS NULL AND tunnel_token_sealed IS NULL")
                .param("sealed", box.seal(fresh)).param("hash", MachineTokens.hash(fresh)).param("id", claimId).update();
        if (made == 1) {
            return Optional.of(fresh);
        }
        return jdbc.sql("SELECT tunnel_token_sealed FROM claims WHERE id = :id AND released_at IS NULL AND tunnel_token_sealed IS NOT NULL")
                .param("id", claimId).query(String.class).optional().map(box::open);
    }

    /** The active claim a token belongs to, with its machine; empty for a wrong token or a released claim. */
    public Optional<Holder> holderOf(String token) {
        if (token == null || !token.startsWith(PREFIX)) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT id, email, machine_id FROM claims WHERE tunnel_token_hash = :hash AND released_at IS NULL")
                .param("hash", MachineTokens.hash(token))
                .query((rs, row) -> new Holder(rs.getLong("id"), rs.getString("email"), rs.getLong("machine_id"))).optional();
    }

    public record Holder(long claimId, String email, long machineId) {
    }
}
