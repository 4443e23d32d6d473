package dev.lablink.server.api;

import dev.lablink.core.json.JsonErrors;
import dev.lablink.core.machine.IllegalTransitionException;
import dev.lablink.core.provider.ProviderException;
import java.util.Collection;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Every API error as RFC 9457 problem+json that names the field and the fix. Nothing internal
 * (stack traces, SQL, class names) reaches the caller.
 */
@RestControllerAdvice(annotations = RestController.class)
public class ProblemResponses extends ResponseEntityExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

    @ExceptionHandler(BadRequestException.class)
    ProblemDetail badRequest(BadRequestException e) {
        return withField(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage()), e.field());
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
        ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.BAD_REQUEST);
        Throwable cause = ex.getMostSpecificCause();
        if (cause instanceof UnrecognizedPropertyException unknown) {
            problem.setDetail("unknown field '" + unknown.getPropertyName() + "'; known fields: " + known(unknown.getKnownPropertyIds()));
            problem.setProperty("field", JsonErrors.path(unknown));
        } else if (cause instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            String expected = mismatch.getTargetType() == null ? "another type" : JsonErrors.expectedType(mismatch.getTargetType());
            problem.setDetail("field '" + JsonErrors.path(mismatch) + "' must be " + expected);
            problem.setProperty("field", JsonErrors.path(mismatch));
        } else if (cause instanceof StreamReadException malformed) {
            var location = malformed.getLocation();
            problem.setDetail("the body is not valid JSON" + (location == null ? "" :
                    " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")"));
        } else {
            problem.setDetail("a JSON body is required; see /api/v1/openapi.json for its fields");
        }
        return ResponseEntity.badRequest().contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private static ProblemDetail withField(ProblemDetail problem, String field) {
        if (field != null) {
            problem.setProperty("field", field);
        }
        return problem;
    }


    private static String known(Collection<Object> ids) {
        return ids == null ? "see /api/v1/openapi.json" : ids.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
    }
}
