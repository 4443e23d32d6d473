package dev.lablink.server.roster;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** A person on the roster as admins see them: {@code seat} is the machine they hold now, or null. */
public record RosterPerson(String email, String name, String group, Instant addedAt, String seat) {
    @JsonProperty("holds_seat")
    public boolean holdsSeat() {
        return seat != null;
    }
}
