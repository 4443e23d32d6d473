package dev.lablink.core.provider;

import dev.lablink.core.config.RegistrySettings;
import dev.lablink.core.config.SessionSettings;
import java.util.List;
import java.util.Objects;

/**
 * The image a machine's sessions run, for providers that must build it into the machine (a pod's
 * {@code session} container): the reference, the session's command (empty: the image's own entry
 * point), the memory bounds in percent of the machine's memory, and the registry whose credentials
 * pull it (null: a public image). Providers that leave the image to the agent ignore it.
 */
public record SessionImage(String image, List<String> command, int memoryLimitPct, int memorySoftLimitPct, RegistrySettings registry) {
    public SessionImage {
        Objects.requireNonNull(image, "image");
        command = command == null ? List.of() : List.copyOf(command);
    }

    /** @param image the image this machine's sessions run (its batch's pinned one, else session.image); null: none, and so null */
    public static SessionImage of(SessionSettings session, List<RegistrySettings> registries, String image) {
        if (image == null || image.isBlank()) {
            return null;
        }
        RegistrySettings registry = RegistrySettings.loginFor(registries, image).orElse(null);
        return new SessionImage(image, session.command(), session.memoryLimitPct(), session.memorySoftLimitPct(), registry);
    }
}
