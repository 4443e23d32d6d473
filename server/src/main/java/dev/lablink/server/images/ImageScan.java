package dev.lablink.server.images;

import java.time.Instant;

/**
 * A registry's rescan as {@code image_scans} keeps it: the one running ({@code finishedAt} null, with
 * its progress in tags) or how the last one went ({@code outcome} OK or FAILED, with a message in words).
 * While one runs, the outcome and message of the one before stay.
 */
public record ImageScan(String registry, Instant startedAt, Instant finishedAt, String outcome, String message, Integer imageCount,
                        Integer tagsDone, Integer tagsTotal) {
    public static final String OK = "OK";
    public static final String FAILED = "FAILED";

    public boolean running() {
        return finishedAt == null;
    }

    /** "12 of 40 tags" read so far, or "listing repositories" before the tags are known. */
    public String progress() {
        return tagsTotal == null ? "listing repositories" : tagsDone + " of " + tagsTotal + " tags";
    }

    /** "rescanning lab… 12 of 40 tags", "lab: 40 images: …", "lab FAILED: …". */
    public String summary() {
        if (running()) {
            return "rescanning " + registry + "… " + progress();
        }
        return FAILED.equals(outcome) ? registry + " FAILED: " + message : registry + ": " + message;
    }
}
