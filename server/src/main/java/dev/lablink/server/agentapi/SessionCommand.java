package dev.lablink.server.agentapi;

import dev.lablink.core.config.LabLinkConfig;
import dev.lablink.server.providers.ProviderRegistry;
import java.util.List;
import org.springframework.stereotype.Component;

/** The program an agent runs for a participant: {@code session.command}, else the provider's default. */
@Component
public class SessionCommand {
    private final List<String> command;

    public SessionCommand(LabLinkConfig config, ProviderRegistry providers) {
        this.command = config.session().command().isEmpty() ? providers.primary().defaultSessionCommand() : config.session().command();
    }

    public List<String> get() {
        return command;
    }
}
