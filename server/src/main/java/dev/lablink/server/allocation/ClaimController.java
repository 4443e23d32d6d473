package dev.lablink.server.allocation;

import java.time.Instant;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Participants' API: claim a seat (no login), and see how many are free. */
@RestController
@RequestMapping("/api/v1")
public class ClaimController {
    private final ClaimService claims;

    public ClaimController(ClaimService claims) {
        this.claims = claims;
    }

    public record ClaimRequest(String email) {
    }

    public record ClaimResponse(String email, String machine, String state, Instant claimedAt, boolean newClaim) {
    }

    /** 201 for a new seat, 200 when this email already had one (the same machine again). */
    @PostMapping("/claims")
    public ResponseEntity<ClaimResponse> claim(@RequestBody ClaimRequest request) {
        ClaimService.Result result = claims.claim(request.email());
        Claim claim = result.claim();
        return ResponseEntity.status(result.isNew() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(new ClaimResponse(claim.email(), claim.machine(), claim.state(), claim.claimedAt(), result.isNew()));
    }

    @GetMapping("/seats")
    public SeatCounts seats() {
        return claims.seats();
    }

    @ExceptionHandler(NoFreeSeatException.class)
    ProblemDetail noFreeSeat(NoFreeSeatException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setTitle("No free seat");
        problem.setProperty("seats_total", e.counts().total());
        problem.setProperty("seats_free", e.counts().free());
        problem.setProperty("seats_starting", e.counts().starting());
        return problem;
    }
}
