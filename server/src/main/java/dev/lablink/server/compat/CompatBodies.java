package dev.lablink.server.compat;

import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** Bodies in the shape LabLink's clients read and write: {@code {"error": …}}, {@code {"message": …}}, loose JSON fields. */
final class CompatBodies {
    static final String OFF = "The LabLink client routes are off on this allocator; set compat.enabled: true to serve them.";

    private CompatBodies() {
    }

    static ResponseEntity<Map<String, Object>> error(HttpStatus status, String message) {
        return ResponseEntity.status(status).body(Map.of("error", message));
    }

    static ResponseEntity<Map<String, Object>> message(String message) {
        return ResponseEntity.ok(Map.of("message", message));
    }

    static ResponseEntity<Map<String, Object>> off() {
        return error(HttpStatus.NOT_FOUND, OFF);
    }

    /** A non-blank string field, trimmed; null when absent, blank or not a string. */
    static String text(Map<String, Object> body, String key) {
        Object value = body == null ? null : body.get(key);
        return value instanceof String s && !s.isBlank() ? s.trim() : null;
    }
}
