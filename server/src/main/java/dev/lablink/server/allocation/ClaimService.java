package dev.lablink.server.allocation;

import dev.lablink.server.api.BadRequestException;
import dev.lablink.server.agentapi.AssignmentWaiters;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/** Gives a participant a seat: their existing one, else a free machine, else a clear "none free". */
@Service
public class ClaimService {
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final int MAX_EMAIL_LENGTH = 254;

    private final ClaimRepository claims;
    private final AssignmentWaiters waiters;

    public ClaimService(ClaimRepository claims, AssignmentWaiters waiters) {
        this.claims = claims;
        this.waiters = waiters;
    }

    public record Result(Claim claim, boolean isNew) {
    }

    public Result claim(String rawEmail) {
        String email = normalize(rawEmail);
        // Twice at most: a DuplicateKeyException means a concurrent claim for this email won, and the
        // second look finds its seat.
        for (int attempt = 0; attempt < 2; attempt++) {
            Optional<Claim> existing = claims.activeClaim(email);
            if (existing.isPresent()) {
                return new Result(existing.get(), false);
            }
            try {
                Optional<Claim> claimed = claims.claimFreeMachine(email, SeatPageKeys.newKey());
                if (claimed.isEmpty()) {
                    throw new NoFreeSeatException(claims.seatCounts());
                }
                waiters.wake(claimed.get().machineId());
                return new Result(claimed.get(), true);
            } catch (DuplicateKeyException raced) {
                // fall through to read the winner's claim
            }
        }
        return claims.activeClaim(email).map(claim -> new Result(claim, false))
                .orElseThrow(() -> new NoFreeSeatException(claims.seatCounts()));
    }

    public SeatCounts seats() {
        return claims.seatCounts();
    }

    static String normalize(String email) {
        if (email == null || email.isBlank()) {
            throw new BadRequestException("email", "email is required");
        }
        String trimmed = email.trim().toLowerCase(Locale.ROOT);
        if (trimmed.length() > MAX_EMAIL_LENGTH || !EMAIL.matcher(trimmed).matches()) {
            throw new BadRequestException("email", "'" + email + "' is not an email address; write it like name@example.org");
        }
        return trimmed;
    }
}
