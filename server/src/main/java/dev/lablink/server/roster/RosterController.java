package dev.lablink.server.roster;

import dev.lablink.core.config.LabLinkConfig;
import dev.lablink.server.api.BadRequestException;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The roster over the admin API: import a CSV (adding or replacing), list, export, remove. */
@RestController
@RequestMapping("/api/v1")
public class RosterController {
    static final String CSV = "text/csv";
    /** How many problems one answer lists; a file of 50,000 bad rows needs fixing in the first few anyway. */
    static final int MAX_LISTED_PROBLEMS = 1000;

    private final RosterService roster;
    private final LabLinkConfig config;

    public RosterController(RosterService roster, LabLinkConfig config) {
        this.roster = roster;
        this.config = config;
    }

    /** {@code access}: participants.access, since the roster only decides who claims in roster mode. */
    public record RosterList(String access, int count, List<RosterPerson> people) {
    }

    public record Cleared(int removed) {
    }

    @PostMapping("/roster")
    public RosterService.ImportReport importCsv(@RequestBody(required = false) byte[] body,
                                                @RequestParam(name = "replace", defaultValue = "false") boolean replace, Principal admin) {
        return roster.importCsv(body == null ? new byte[0] : body, replace, "admin:" + admin.getName());
    }

    @GetMapping(value = "/roster", produces = MediaType.APPLICATION_JSON_VALUE)
    public RosterList list(@RequestParam(name = "q", required = false) String search) {
        List<RosterPerson> people = roster.list(search);
        return new RosterList(config.participants().access(), people.size(), people);
    }

    @GetMapping(value = "/roster", produces = CSV)
    public ResponseEntity<String> exportByAccept() {
        return export();
    }

    @GetMapping("/roster.csv")
    public ResponseEntity<String> export() {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(CSV + ";charset=UTF-8"))
                .header("Content-Disposition", "attachment; filename=\"roster.csv\"")
                .body(RosterCsv.write(roster.list(null)));
    }

    @DeleteMapping("/roster/{email}")
    public ResponseEntity<Void> remove(@PathVariable String email, Principal admin) {
        roster.remove(email, "admin:" + admin.getName());
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/roster")
    public Cleared clear(@RequestParam(name = "confirm", defaultValue = "false") boolean confirm, Principal admin) {
        if (!confirm) {
            throw new BadRequestException("confirm", "emptying the roster takes everyone off it; add ?confirm=true to do it");
        }
        return new Cleared(roster.clear("admin:" + admin.getName()));
    }

    @ExceptionHandler(RosterImportException.class)
    ProblemDetail badRows(RosterImportException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Roster not imported");
        problem.setProperty("error_count", e.problems().size());
        problem.setProperty("errors", e.problems().stream().limit(MAX_LISTED_PROBLEMS)
                .map(p -> Map.of("line", p.line(), "field", p.field(), "message", p.message())).toList());
        return problem;
    }

    @ExceptionHandler(RosterTooLargeException.class)
    ProblemDetail tooLarge(RosterTooLargeException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, e.getMessage());
    }
}
