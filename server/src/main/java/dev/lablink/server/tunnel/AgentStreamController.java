package dev.lablink.server.tunnel;

import dev.lablink.server.agentapi.MachinePrincipal;
import dev.lablink.server.api.ErrorBodies;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * {@code GET /api/v1/agent/tunnel/streams/<id>} with {@code Connection: Upgrade},
 * {@code Upgrade: lablink-stream}: the data connection an agent opens for one stream it was asked for,
 * behind the machine-token door. Answered {@code 101 Switching Protocols}; from then on the
 * connection carries the stream's bytes as they are, as Docker's attach does. A request without the
 * upgrade is answered 426, a stream this machine was not asked for 404; neither touches any stream.
 * Not in the OpenAPI document: it is a connection, not an operation with a body.
 */
@Hidden
@Controller
class AgentStreamController {
    private final AgentTunnels tunnels;

    AgentStreamController(AgentTunnels tunnels) {
        this.tunnels = tunnels;
    }

    @GetMapping("/api/v1/agent/tunnel/streams/{id}")
    void open(@PathVariable String id, @AuthenticationPrincipal MachinePrincipal machine, HttpServletRequest request,
              HttpServletResponse response) throws IOException, ServletException {
        if (!upgradeAskedElseRefused(request, response)) {
            return;
        }
        Optional<AgentStream> stream = tunnels.claim(machine.machineId(), id);
        if (stream.isEmpty()) {
            ErrorBodies.write(response, request.getRequestURI(), 404,
                    "no stream " + id + " was asked of machine " + machine.name() + ", or it was given up (a stream waits 10 s for its agent)", null);
            return;
        }
        upgrade(request, response).onOpen(stream.get()::attach);
    }

    /** Whether the request asks for the upgrade; if not, it is answered 426 here. */
    static boolean upgradeAskedElseRefused(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (asksForUpgrade(request)) {
            return true;
        }
        response.setHeader("Upgrade", StreamUpgrade.TOKEN);
        response.setHeader("Connection", "Upgrade");
        ErrorBodies.write(response, request.getRequestURI(), 426, "this is a stream's data connection: send Connection: Upgrade and Upgrade: "
                + StreamUpgrade.TOKEN + ", then the stream's bytes as they are", "Upgrade");
        return false;
    }

    private static boolean asksForUpgrade(HttpServletRequest request) {
        String upgrade = request.getHeader("Upgrade");
        String connection = request.getHeader("Connection");
        if (upgrade == null || connection == null || !StreamUpgrade.TOKEN.equalsIgnoreCase(upgrade.trim())) {
            return false;
        }
        for (String option : connection.split(",")) {
            if (option.trim().toLowerCase(Locale.ROOT).equals("upgrade")) {
                return true;
            }
        }
        return false;
    }

    /** Switches the connection to a plain byte stream; the 101 goes out once this request returns. */
    static StreamUpgrade upgrade(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
        response.setHeader("Upgrade", StreamUpgrade.TOKEN);
        response.setHeader("Connection", "Upgrade");
        return request.upgrade(StreamUpgrade.class);
    }
}
