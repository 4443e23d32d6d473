package dev.lablink.server.health;

import dev.lablink.core.config.LabLinkConfig;
import dev.lablink.core.config.SessionApp;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The session's apps of one machine as links for the seat page and the console: where the
 * allocator serves each ({@code /m/<machine>/<app><path>}) and whether it answered at the agent's
 * latest heartbeat (a button stays greyed until it does).
 */
@Component
public class SessionAppLinks {
    private final List<SessionApp> apps;
    private final HeartbeatRepository heartbeats;

    public SessionAppLinks(LabLinkConfig config, HeartbeatRepository heartbeats) {
        this.apps = config.session().apps();
        this.heartbeats = heartbeats;
    }

    /** One app of a machine: its button's text, its link, and whether its port answers. */
    public record AppLink(String name, String label, String href, int port, boolean ready) {
    }

    public List<AppLink> of(long machineId, String machineName) {
        if (apps.isEmpty()) {
            return List.of();
        }
        Set<Integer> ready = heartbeats.readyPorts(machineId);
        return apps.stream()
                .map(app -> new AppLink(app.name(), app.label(), href(machineName, app), app.port(), ready.contains(app.port())))
                .toList();
    }

    static String href(String machineName, SessionApp app) {
        return "/m/" + machineName + "/" + app.name() + app.path();
    }
}
