package dev.lablink.server.reconcile;

import java.time.Instant;

/** An instance a provider runs for this deployment that no live machine in the database accounts for. */
public record Orphan(String provider, String providerId, String name, String address, Instant firstSeen, Instant lastSeen) {
}
