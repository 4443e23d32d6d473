package dev.lablink.server.admins;

import java.time.Instant;

/** One admin account as listed (never its password hash). */
public record Admin(String username, Role role, Instant createdAt, String createdBy) {
}
