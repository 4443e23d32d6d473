package dev.lablink.cli;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** The API's ISO instants (UTC, microseconds) as a person reads them in a table: to the second, in this system's zone. --json keeps ISO. */
final class ShownTime {
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private ShownTime() {
    }

    static String of(String iso) {
        return of(iso, ZoneId.systemDefault());
    }

    static String of(String iso, ZoneId zone) {
        if (iso == null || iso.isBlank()) {
            return "";
        }
        try {
            return OffsetDateTime.parse(iso).atZoneSameInstant(zone).format(SHOWN);
        } catch (DateTimeParseException e) {
            return iso;
        }
    }
}
