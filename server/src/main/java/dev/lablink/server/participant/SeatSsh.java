package dev.lablink.server.participant;

import dev.lablink.core.config.LabLinkConfig;
import dev.lablink.core.config.SshPublicKeys;
import dev.lablink.server.api.BadRequestException;
import dev.lablink.server.allocation.Claim;
import dev.lablink.server.allocation.ClaimRepository;
import dev.lablink.server.machines.LocalMachineChanges;
import dev.lablink.server.tunnel.SeatTunnelTokens;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * A participant's ssh to their machine: the public key they paste on the seat page (checked by
 * {@link SshPublicKeys}, stored on the claim; the new assignment revision wakes the agent, which
 * writes it to {@code session.ssh.authorized_keys}), and the {@code lablink ssh --seat} command the
 * page shows them, with the claim's own tunnel token.
 */
@Component
public class SeatSsh {
    /** The seat page form's field. */
    public static final String FIELD = "ssh_public_key";

    private final ClaimRepository claims;
    private final LocalMachineChanges changes;
    private final SeatTunnelTokens tokens;
    private final String publicUrl;

    public SeatSsh(ClaimRepository claims, LocalMachineChanges changes, SeatTunnelTokens tokens, LabLinkConfig config) {
        this.claims = claims;
        this.changes = changes;
        this.tokens = tokens;
        String url = config.server().publicUrl();
        this.publicUrl = url == null || url.isBlank() ? null : url.replaceFirst("/+$", "");
    }

    /** Checks and stores the pasted key (a 400 on {@value #FIELD} when it is no good) and wakes the machine's agent. */
    public void setKey(Claim claim, String pasted) {
        String key;
        try {
            key = SshPublicKeys.check(pasted);
        } catch (SshPublicKeys.Invalid invalid) {
            throw new BadRequestException(FIELD, invalid.getMessage());
        }
        claims.replaceSshKey(claim.id(), key).ifPresent(updated -> changes.changed(updated.machineId()));
    }

    /**
     * How the participant reaches the machine's sshd: {@code command} opens a shell,
     * {@code configCommand} adds a Host block to {@code ~/.ssh/config} so plain {@code ssh <machine>},
     * scp and VS Code work.
     */
    public record Access(String command, String configCommand) {
    }

    /** The commands for the claim's machine, with the claim's tunnel token; empty once the claim has ended. */
    public Optional<Access> access(Claim claim, HttpServletRequest request) {
        String allocator = allocatorUrl(request);
        return tokens.forClaim(claim.id()).map(token -> new Access(
                "lablink ssh --url " + allocator + " --seat " + token + " " + claim.machine(),
                "lablink ssh-config --url " + allocator + " --seat " + token + " >> ~/.ssh/config"));
    }

    /** The allocator's public URL ({@code server.public_url}), else the one this browser used. */
    public String allocatorUrl(HttpServletRequest request) {
        return publicUrl != null ? publicUrl : ServletUriComponentsBuilder.fromContextPath(request).build().toUriString();
    }
}
