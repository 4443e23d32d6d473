package dev.lablink.server.api;

/** A named thing that does not exist. Answered 404. */
public class NotFoundException extends RuntimeException {
    public NotFoundException(String message) {
        super(message);
    }
}
