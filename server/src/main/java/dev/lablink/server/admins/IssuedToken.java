package dev.lablink.server.admins;

import java.time.Instant;

/** A token just issued: {@code token} is shown this once and kept only as its hash. */
public record IssuedToken(long id, String name, String token, String prefix, Instant createdAt) {
}
