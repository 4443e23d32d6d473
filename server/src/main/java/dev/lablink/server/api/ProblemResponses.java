package dev.lablink.server.api;

import dev.lablink.core.json.JsonErrors;
import dev.lablink.core.machine.IllegalTransitionException;
import dev.lablink.core.provider.ProviderException;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every API error as RFC 9457 problem+json that names the field and the fix. Nothing internal
 * (stack traces, SQL, class names) reaches the caller; ProblemLimits keeps each one short.
 */
@RestControllerAdvice(annotations = RestController.class)
public class ProblemResponses extends ResponseEntityExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

    @ExceptionHandler(BadRequestException.class)
    ProblemDetail badRequest(BadRequestException e) {
        return withField(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage()), e.field());
    }

    @ExceptionHandler(BodyTooLargeException.class)
    ProblemDetail tooLarge(BodyTooLargeException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, e.getMessage());
    }

    @ExceptionHandler(NotFoundException.class)
    ProblemDetail notFound(NotFoundException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(IllegalTransitionException.class)
    ProblemDetail illegalTransition(IllegalTransitionException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setProperty("machine", e.machine());
        problem.setProperty("state", e.from().name());
        return problem;
    }

    /** The provider (or what it needs, such as the startup script) cannot serve the request now. */
    @ExceptionHandler(ProviderException.class)
    ProblemDetail providerUnavailable(ProviderException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e) {
        String expected = e.getRequiredType() == null ? "another value" : JsonErrors.expectedType(e.getRequiredType());
        return withField(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "parameter '" + e.getName() + "' must be " + expected), e.getName());
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        log.error("unexpected error answering a request", e);
        return ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "the allocator hit an unexpected error; the admin can find it in the allocator's log");
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        if (ex.getMostSpecificCause() instanceof BodyTooLargeException tooLarge) {
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, tooLarge.getMessage()));
        }
        JsonProblems.Problem described = JsonProblems.describe(ex.getMostSpecificCause());
        ProblemDetail problem = withField(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, described.detail()), described.field());
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    /** A parameter Tomcat could not decode, should one get past QueryParameterCheck. */
    @ExceptionHandler(InvalidParameterException.class)
    ProblemDetail undecodableParameter(InvalidParameterException e) {
        String field = QueryParameterCheck.parameterName(e);
        return withField(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, (field == null ? "a parameter" : "parameter " + Quote.of(field))
                + " is not valid percent-encoded UTF-8; encode the value as UTF-8 and escape each byte as %XX"), field);
    }

    private static ProblemDetail withField(ProblemDetail problem, String field) {
        if (field != null) {
            problem.setProperty("field", field);
        }
        return problem;
    }

}
