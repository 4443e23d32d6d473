package dev.lablink.server.database;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import dev.lablink.server.logging.ThrottledWarning;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * An API request that met a database it could not reach answers 503 with Retry-After, before the
 * catch-all in ProblemResponses would answer 500 and log a stack trace per request.
 */
@RestControllerAdvice(annotations = RestController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class DatabaseUnavailableAdvice {
    private static final Logger log = LoggerFactory.getLogger(DatabaseUnavailableAdvice.class);

    private final DatabaseState state;
    private final ThrottledWarning busyWarning = new ThrottledWarning(log, Duration.ofSeconds(10));

    DatabaseUnavailableAdvice(DatabaseState state) {
        this.state = state;
    }

    @ExceptionHandler({DataAccessResourceFailureException.class, TransientDataAccessResourceException.class})
    void unavailable(RuntimeException e, HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (DatabaseFailures.isUnreachable(e)) {
            state.unreachable(e); // logged once for the outage, not per request
        } else {
            busyWarning.warn("request refused, database busy: {}", DatabaseFailures.describe(e));
        }
        DatabaseUnavailableResponse.write(request, response);
    }
}
