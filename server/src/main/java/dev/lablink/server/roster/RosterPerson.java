package dev.lablink.server.roster;

import java.time.Instant;

/** A person on the roster as admins see them: {@code seat} is the machine they hold now, or null. */
public record RosterPerson(String email, String name, String group, Instant addedAt, String seat) {
    public boolean holdsSeat() {
        return seat != null;
    }
}
