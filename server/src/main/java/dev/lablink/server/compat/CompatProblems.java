package dev.lablink.server.compat;

import dev.lablink.server.api.BadRequestException;
import dev.lablink.server.api.BodyTooLargeException;
import dev.lablink.server.api.JsonProblems;
import dev.lablink.server.api.NotFoundException;
import dev.lablink.server.api.Quote;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Errors of the client protocol's routes in its own shape, {@code {"error": …}}: LabLink's client
 * images read that key, and the API's problem+json (ProblemResponses) would leave them without a message.
 */
@RestControllerAdvice(basePackageClasses = CompatProblems.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class CompatProblems {
    private static final Logger log = LoggerFactory.getLogger(CompatProblems.class);

    @ExceptionHandler(Exception.class)
    ResponseEntity<Map<String, Object>> any(Exception e) {
        return switch (e) {
            case HttpMessageNotReadableException unreadable when unreadable.getMostSpecificCause() instanceof BodyTooLargeException big ->
                    CompatBodies.error(HttpStatus.CONTENT_TOO_LARGE, sentence(big.getMessage()));
            case BodyTooLargeException big -> CompatBodies.error(HttpStatus.CONTENT_TOO_LARGE, sentence(big.getMessage()));
            case HttpMessageNotReadableException unreadable -> CompatBodies.error(HttpStatus.BAD_REQUEST,
                    sentence(JsonProblems.describe(unreadable.getMostSpecificCause()).detail()));
            case BadRequestException bad -> CompatBodies.error(HttpStatus.BAD_REQUEST, sentence(bad.getMessage()));
            case NotFoundException missing -> CompatBodies.error(HttpStatus.NOT_FOUND, sentence(missing.getMessage()));
            case MethodArgumentTypeMismatchException mismatch -> CompatBodies.error(HttpStatus.BAD_REQUEST,
                    "Parameter " + Quote.of(mismatch.getName()) + " has a value of the wrong type.");
            case ErrorResponse spring -> CompatBodies.error(HttpStatus.valueOf(spring.getStatusCode().value()), reason(spring.getStatusCode()));
            default -> {
                log.error("unexpected error answering a LabLink client", e);
                yield CompatBodies.error(HttpStatus.INTERNAL_SERVER_ERROR, "The allocator hit an unexpected error; the admin can find it in its log.");
            }
        };
    }

    private static String reason(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return (known == null ? "Error " + status.value() : known.getReasonPhrase()) + ".";
    }

    /** The protocol's messages are sentences: capitalised, with a full stop. */
    private static String sentence(String detail) {
        String text = detail.length() > 400 ? detail.substring(0, 400) + "…" : detail;
        return Character.toUpperCase(text.charAt(0)) + text.substring(1) + (text.endsWith(".") ? "" : ".");
    }
}
