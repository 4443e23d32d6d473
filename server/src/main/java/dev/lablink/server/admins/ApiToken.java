package dev.lablink.server.admins;

import java.time.Instant;

/** An API token as listed: never the token, only its first characters. */
public record ApiToken(long id, String username, String name, String prefix, Instant createdAt, Instant lastUsedAt, Instant revokedAt) {
}
