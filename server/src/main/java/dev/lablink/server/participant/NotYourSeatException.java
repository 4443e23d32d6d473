package dev.lablink.server.participant;

/** A seat page opened in a browser not signed in as the seat's participant. */
class NotYourSeatException extends RuntimeException {
    NotYourSeatException() {
        super("this seat opens only in the browser that claimed it, or after signing in", null, false, false);
    }
}
