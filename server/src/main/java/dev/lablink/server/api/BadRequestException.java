package dev.lablink.server.api;

/** Input the caller can fix: names the field and says how. Answered 400. */
public class BadRequestException extends RuntimeException {
    private final String field;

    public BadRequestException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
