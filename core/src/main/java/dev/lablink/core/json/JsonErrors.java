package dev.lablink.core.json;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;

/**
 * Turns Jackson's binding errors into words a user can act on, the same way for the config file
 * and for API bodies: where the bad value is, and what was expected there.
 */
public final class JsonErrors {
    private JsonErrors() {
    }

    /** The dotted key of the failing value: {@code machine.machine_type}, {@code session.command[0]}. */
    public static String path(JacksonException e) {
        return e.getPath().stream()
                .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }

    /** What a value of this type looks like, for "expected …" / "must be …". */
    public static String expectedType(Class<?> type) {
        if (Number.class.isAssignableFrom(type) || type == int.class || type == long.class) {
            return "a whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(String::valueOf).collect(Collectors.joining(", "));
        }
        if (type == String.class) {
            return "a string";
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list, such as [\"program\", \"--flag\"]";
        }
        if (type.isRecord()) {
            return "a mapping of keys";
        }
        return "a " + type.getSimpleName();
    }
}
