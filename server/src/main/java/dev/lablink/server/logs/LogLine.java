package dev.lablink.server.logs;

import java.time.Instant;

/** One stored line: {@code id} orders lines as they arrived and pages through them. */
public record LogLine(long id, String stream, long seq, Instant at, String text) {
}
