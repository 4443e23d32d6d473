package dev.lablink.server.participant;

import dev.lablink.server.api.ErrorPage;
import dev.lablink.server.api.NotFoundException;
import dev.lablink.server.logging.ThrottledWarning;
import java.time.Duration;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/** Participants see a page that says what happened and what to do, never a stack trace. */
@ControllerAdvice(basePackageClasses = ParticipantErrorPages.class)
class ParticipantErrorPages {
    private static final Logger log = LoggerFactory.getLogger(ParticipantErrorPages.class);
    static final int RETRY_AFTER_SECONDS = 10;
    /** A room arriving at once may be refused thousands of times a second: a line per request would be the bottleneck. */
    private final ThrottledWarning busyWarning = new ThrottledWarning(log, Duration.ofSeconds(10));

    @ExceptionHandler(NotFoundException.class)
    String notFound(NotFoundException e, Model model, HttpServletResponse response) {
        return ErrorPage.render(HttpStatus.NOT_FOUND, e.getMessage() + ". Request a machine on the start page; "
                + "in the browser you claimed it in, /seat brings you back to your seat.", model, response);
    }

    /** Says nothing about the seat: not whose it is, nor whether it is active. */
    @ExceptionHandler(NotYourSeatException.class)
    String notYours(NotYourSeatException e, Model model, HttpServletResponse response) {
        return ErrorPage.render(HttpStatus.FORBIDDEN, "This seat opens only in the browser that claimed it, or after "
                + "signing in. Go back to that browser, or request a machine on the start page.", model, response);
    }

    /** The database is overloaded or restarting: nothing was claimed, and trying again is safe. */
    @ExceptionHandler({DataAccessResourceFailureException.class, TransientDataAccessException.class})
    String busy(RuntimeException e, HttpServletResponse response) {
        busyWarning.warn("participant request refused, allocator busy: {}", e.getMessage());
        response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
        response.setHeader("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
        return "participant/busy";
    }
}
