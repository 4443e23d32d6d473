package dev.lablink.server.admins;

import java.time.Instant;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The last step of {@code lablink login}: no credentials, the one-time code and the verifier prove who it is. */
@RestController
@RequestMapping("/api/v1/cli-login")
public class CliLoginController {
    private final CliLogins logins;

    public CliLoginController(CliLogins logins) {
        this.logins = logins;
    }

    public record ExchangeRequest(String code, String verifier) {
    }

    public record Exchanged(long id, String token, String prefix, Instant createdAt) {
    }

    @PostMapping("/token")
    public Exchanged token(@RequestBody(required = false) ExchangeRequest request) {
        IssuedToken issued = logins.exchange(request == null ? null : request.code(), request == null ? null : request.verifier());
        return new Exchanged(issued.id(), issued.token(), issued.prefix(), issued.createdAt());
    }
}
