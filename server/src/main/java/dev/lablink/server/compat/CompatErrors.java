package dev.lablink.server.compat;

import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** Answers in the shape LabLink's clients read: {@code {"error": "…"}} with the proper status. */
final class CompatErrors {
    private CompatErrors() {
    }

    static ResponseEntity<Map<String, Object>> error(HttpStatus status, String message) {
        return ResponseEntity.status(status).body(Map.of("error", message));
    }

    static ResponseEntity<Map<String, Object>> message(String message) {
        return ResponseEntity.ok(Map.of("message", message));
    }
}
