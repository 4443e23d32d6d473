package dev.lablink.server.allocation;

import dev.lablink.core.config.LabLinkConfig;
import dev.lablink.server.api.EmailAddresses;
import dev.lablink.server.machines.LocalMachineChanges;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/** Gives a participant a seat: their existing one, else a free machine, else a clear "none free". */
@Service
public class ClaimService {
    private static final int LOOKS_WHILE_LOCKED = 5;
    private static final long LOCKED_PAUSE_MILLIS = 20;

    private final ClaimRepository claims;
    /** Wakes the machine's long poll at once, not a notification round trip later. */
    private final LocalMachineChanges changes;
    private final CrdSecrets crd;
    private final boolean crdRequired;

    public ClaimService(ClaimRepository claims, LocalMachineChanges changes, CrdSecrets crd, LabLinkConfig config) {
        this.claims = claims;
        this.changes = changes;
        this.crd = crd;
        this.crdRequired = config.connect().isCrd();
    }

    public record Result(Claim claim, boolean isNew) {
    }

    public Result claim(String rawEmail) {
        return claim(rawEmail, null);
    }

    /**
     * @param crdCommand the Chrome Remote Desktop command the participant pasted; required when
     *                   {@code connect.method} is crd, and then checked before anything is claimed
     */
    public Result claim(String rawEmail, String crdCommand) {
        String email = normalize(rawEmail);
        // Twice at most: a DuplicateKeyException means a concurrent claim for this email won, and the
        // second look finds its seat.
        for (int attempt = 0; attempt < 2; attempt++) {
            Optional<Claim> existing = claims.activeClaim(email);
            if (existing.isPresent()) {
                return new Result(withResubmittedCode(existing.get(), crdCommand), false);
            }
            Claim.Sealed sealed = crdRequired ? crd.sealNew(crdCommand) : Claim.Sealed.NONE;
            try {
                Optional<Claim> claimed = claimWhileAnyIsFree(email, sealed);
                if (claimed.isEmpty()) {
                    throw new NoFreeSeatException(claims.seatCounts());
                }
                changes.changed(claimed.get().machineId());
                return new Result(claimed.get(), true);
            } catch (DuplicateKeyException raced) {
                // fall through to read the winner's claim
            }
        }
        return claims.activeClaim(email).map(claim -> new Result(claim, false))
                .orElseThrow(() -> new NoFreeSeatException(claims.seatCounts()));
    }

    /**
     * The same participant pasting a new CRD command (their old code is used up once a machine
     * registered with it, e.g. after its container was recreated): the new code replaces the old
     * one, the PIN stays, and the machine's poll is woken to register with it.
     */
    private Claim withResubmittedCode(Claim claim, String crdCommand) {
        if (!crdRequired || crdCommand == null || crdCommand.isBlank()) {
            return claim;
        }
        return crd.sealChanged(claim, crdCommand)
                .flatMap(sealedCode -> claims.replaceCrdCode(claim.id(), sealedCode))
                .map(updated -> {
                    changes.changed(updated.machineId());
                    return updated;
                })
                .orElse(claim);
    }

    /**
     * The claim statement skips machines other claims hold locked at that instant; if it found
     * none but some are still READY, those claims may yet fail, so it looks again a few times
     * rather than tell a participant "none free" while seats show free.
     */
    private Optional<Claim> claimWhileAnyIsFree(String email, Claim.Sealed sealed) {
        for (int attempt = 0; ; attempt++) {
            Optional<Claim> claimed = claims.claimFreeMachine(email, SeatPageKeys.newKey(), sealed);
            if (claimed.isPresent() || attempt == LOOKS_WHILE_LOCKED || claims.seatCounts().free() == 0) {
                return claimed;
            }
            try {
                Thread.sleep(LOCKED_PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return claimed;
            }
        }
    }

    /** The email's seat now, if it has one; {@code rawEmail} as typed (checked and normalized here). */
    public Optional<Claim> activeClaim(String rawEmail) {
        return claims.activeClaim(normalize(rawEmail));
    }

    public SeatCounts seats() {
        return claims.seatCounts();
    }

    /** Trimmed and lower case, or a BadRequestException naming the field {@code email}. */
    public static String normalize(String email) {
        return EmailAddresses.normalize(email);
    }
}
