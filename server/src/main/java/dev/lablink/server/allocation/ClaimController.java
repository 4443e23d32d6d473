package dev.lablink.server.allocation;

import dev.lablink.server.roster.ParticipantEligibility;
import java.security.Principal;
import java.time.Instant;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Claims through the API are made by an admin on a participant's behalf (scripts, {@code lablink
 * claim}); participants claim on the request page, which binds the seat to their browser. How
 * many seats are free is public.
 */
@RestController
@RequestMapping("/api/v1")
public class ClaimController {
    private final ClaimService claims;
    private final ReleaseService releases;
    private final ParticipantEligibility eligibility;

    public ClaimController(ClaimService claims, ReleaseService releases, ParticipantEligibility eligibility) {
        this.claims = claims;
        this.releases = releases;
        this.eligibility = eligibility;
    }

    /** {@code crd_command}: the Chrome Remote Desktop command, required when connect.method is crd. */
    public record ClaimRequest(String email, String crdCommand) {
    }

    /** {@code page} is the participant's seat page (connect details, release), relative to the allocator. */
    public record ClaimResponse(String email, String machine, String state, Instant claimedAt, boolean newClaim, String page) {
    }

    /** Admin: 201 for a new seat, 200 when this email already had one (the same machine again). */
    @PostMapping("/claims")
    public ResponseEntity<ClaimResponse> claim(@RequestBody ClaimRequest request) {
        // An admin claiming on someone's behalf keeps to the same list as the request page (an admin may learn who is on it).
        String email = ClaimService.normalize(request.email());
        if (!eligibility.mayClaim(email)) {
            throw new NotEligibleException(email);
        }
        ClaimService.Result result = claims.claim(email, request.crdCommand());
        Claim claim = result.claim();
        return ResponseEntity.status(result.isNew() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(new ClaimResponse(claim.email(), claim.machine(), claim.state(), claim.claimedAt(), result.isNew(),
                        SeatPageKeys.pagePath(claim.pageKey())));
    }

    /** Admin: ends the claim on a machine; the machine is destroyed and a fresh one replaces it. */
    @PostMapping("/vms/{name}/release")
    @ResponseStatus(HttpStatus.ACCEPTED)
    public ReleaseService.Released release(@PathVariable String name, Principal admin) {
        return releases.releaseMachine(name, "admin:" + admin.getName());
    }

    @GetMapping("/seats")
    public SeatCounts seats() {
        return claims.seats();
    }

    /** Thrown only to admins, who may know the roster. */
    static final class NotEligibleException extends RuntimeException {
        NotEligibleException(String email) {
            super(email + " may not claim a seat here: not on the roster and not from participants.allowed_domains; "
                    + "add them with `lablink roster import` or on the console's Roster page");
        }
    }

    @ExceptionHandler(NotEligibleException.class)
    ProblemDetail notEligible(NotEligibleException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, e.getMessage());
        problem.setProperty("field", "email");
        return problem;
    }

    @ExceptionHandler(NoClaimToReleaseException.class)
    ProblemDetail noClaim(NoClaimToReleaseException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler(NoFreeSeatException.class)
    ProblemDetail noFreeSeat(NoFreeSeatException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setTitle("No free seat");
        problem.setProperty("seats_total", e.counts().total());
        problem.setProperty("seats_free", e.counts().free());
        problem.setProperty("seats_starting", e.counts().starting());
        problem.setProperty("seats_unhealthy", e.counts().unhealthy());
        return problem;
    }
}
