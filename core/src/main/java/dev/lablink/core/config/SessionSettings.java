package dev.lablink.core.config;

import java.util.List;

/**
 * {@code session.command}: the program the agent starts for a participant, as an argument list
 * (never passed through a shell). Unset, the provider's harmless default is used.
 */
public record SessionSettings(List<String> command) {
    public SessionSettings {
        command = command == null ? List.of() : List.copyOf(command);
    }
}
