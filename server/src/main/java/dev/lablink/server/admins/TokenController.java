package dev.lablink.server.admins;

import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** API tokens: your own (viewers too); an admin may list and revoke everyone's. */
@RestController
@RequestMapping("/api/v1/tokens")
public class TokenController {
    private final ApiTokens tokens;

    public TokenController(ApiTokens tokens) {
        this.tokens = tokens;
    }

    public record CreateRequest(String name) {
    }

    public record Created(long id, String name, String token, String prefix, Instant createdAt) {
    }

    @GetMapping
    public List<ApiToken> list(@io.swagger.v3.oas.annotations.Parameter(description = "true for everyone's tokens (admins only)")
                               @RequestParam(name = "all", defaultValue = "false") boolean all, Authentication caller) {
        if (all && !Callers.isAdmin(caller)) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "only admins may list everyone's tokens; leave out ?all=true for your own");
        }
        return tokens.list(all ? null : caller.getName());
    }

    @PostMapping
    public ResponseEntity<Created> create(@RequestBody(required = false) CreateRequest request, Authentication caller) {
        IssuedToken issued = tokens.issue(caller.getName(), request == null ? null : request.name());
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(new Created(issued.id(), issued.name(), issued.token(), issued.prefix(), issued.createdAt()));
    }

    @DeleteMapping("/{id}")
    public ResponseEntity<Void> revoke(@PathVariable long id, Authentication caller) {
        tokens.revoke(id, caller.getName(), Callers.isAdmin(caller));
        return ResponseEntity.noContent().build();
    }
}
