package dev.lablink.server.events;

import java.time.Instant;

/** One line of the audit trail. */
public record Event(long id, Instant at, String actor, String machine, String type, String fromState, String toState,
                    String message) {
}
