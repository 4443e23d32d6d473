package dev.lablink.server.roster;

import java.util.Objects;

/** One person as a roster file lists them: email (normalized), name and group (null when left out). */
public record RosterEntry(String email, String name, String group) {
    boolean sameAs(RosterEntry other) {
        return Objects.equals(name, other.name) && Objects.equals(group, other.group);
    }
}
