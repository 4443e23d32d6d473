package dev.lablink.server.admins;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** The change would leave the accounts in a state that cannot be (a taken name, no admin left): 409. */
public class ConflictException extends ResponseStatusException {
    public ConflictException(String reason) {
        super(HttpStatus.CONFLICT, reason);
    }
}
