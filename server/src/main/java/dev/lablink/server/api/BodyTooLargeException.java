package dev.lablink.server.api;

/** A body that ran past its route's limit while being read (one sent without Content-Length). Answered 413. */
public class BodyTooLargeException extends RuntimeException {
    public BodyTooLargeException(long limit) {
        super("the body is over " + limit / (1024 * 1024) + " MB, the most this address takes");
    }
}
