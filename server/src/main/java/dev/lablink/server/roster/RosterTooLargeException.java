package dev.lablink.server.roster;

/** A roster file over the size or row limit; answered 413 with the limit and what to do. */
public class RosterTooLargeException extends RuntimeException {
    RosterTooLargeException(String message) {
        super(message);
    }

    public RosterTooLargeException(long bytes) {
        this("the roster file is " + bytes + " bytes; at most " + RosterCsv.MAX_BYTES / (1024 * 1024)
                + " MB are taken: split it and import the parts one after another (without replace)");
    }
}
