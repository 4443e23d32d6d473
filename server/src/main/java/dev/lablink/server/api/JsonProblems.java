package dev.lablink.server.api;

import dev.lablink.core.json.JsonErrors;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * A body Jackson could not read, in the API's words: the field (snake_case, as sent) and what it
 * must be. Jackson's own messages name Java classes, so they are never passed on.
 */
public final class JsonProblems {
    private JsonProblems() {
    }

    /** {@code field} is null when the problem is the body as a whole. */
    public record Problem(String field, String detail) {
    }

    public static Problem describe(Throwable cause) {
        if (cause instanceof UnrecognizedPropertyException unknown) {
            return new Problem(JsonErrors.path(unknown), "unknown field " + Quote.of(unknown.getPropertyName())
                    + "; known fields: " + known(unknown.getKnownPropertyIds()));
        }
        if (cause instanceof StrictStrings.ControlCharacterException nul) {
            return new Problem(JsonErrors.path(nul), "field '" + JsonErrors.path(nul) + "' must not contain NUL (\\u0000)");
        }
        if (cause instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            String field = JsonErrors.path(mismatch);
            return new Problem(field, "field '" + field + "' must be " + expected(mismatch.getTargetType()));
        }
        if (cause instanceof MismatchedInputException) {
            return new Problem(null, "the body must be a JSON object with the fields of this operation; see /api/v1/openapi.json");
        }
        if (cause instanceof StreamReadException malformed) {
            var location = malformed.getLocation();
            return new Problem(null, "the body is not valid JSON" + (location == null ? "" :
                    " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")"));
        }
        if (cause instanceof JacksonException) {
            return new Problem(null, "the body does not match this operation's fields; see /api/v1/openapi.json");
        }
        return new Problem(null, "a JSON body is required; see /api/v1/openapi.json for its fields");
    }

    /** What a value must look like, without naming a Java class. */
    static String expected(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == Instant.class) {
            return "a time like 2026-11-23T10:15:30Z";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "a JSON object";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a JSON list";
        }
        String words = JsonErrors.expectedType(type);
        return words.equals("a " + type.getSimpleName()) ? "of another type" : words;
    }

    private static String known(Collection<Object> ids) {
        return ids == null ? "see /api/v1/openapi.json" : ids.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
    }
}
