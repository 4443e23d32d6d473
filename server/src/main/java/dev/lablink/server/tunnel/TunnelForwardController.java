package dev.lablink.server.tunnel;

import dev.lablink.server.api.ErrorBodies;
import dev.lablink.server.machines.Machine;
import dev.lablink.server.machines.MachineRepository;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /internal/v1/tunnel/forward?machine=&port=&actor=} with {@code Upgrade: lablink-stream}:
 * another allocator on this database asks for a stream to a machine whose tunnel ends here
 * ({@link TunnelForwarder} is the other end). Only with the allocators' shared secret (403 without);
 * the stream is opened here first, and only then answered 101 and copied both ways; a refusal is a
 * problem with its {@code reason}. It is opened here only, never forwarded again, so two allocators
 * with stale rows cannot bounce a stream between them.
 */
@Hidden
@Controller
class TunnelForwardController {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final AgentTunnels tunnels;
    private final MachineRepository machines;
    private final TunnelForwardingSecret secret;

    TunnelForwardController(AgentTunnels tunnels, MachineRepository machines, TunnelForwardingSecret secret) {
        this.tunnels = tunnels;
        this.machines = machines;
        this.secret = secret;
    }

    @GetMapping(TunnelForwarder.PATH)
    void forward(@RequestParam long machine, @RequestParam int port, @RequestParam String actor, HttpServletRequest request,
                 HttpServletResponse response) throws IOException, ServletException {
        String header = request.getHeader("Authorization");
        if (header == null || !header.startsWith("Bearer ") || !secret.matches(header.substring("Bearer ".length()))) {
            ErrorBodies.write(response, request.getRequestURI(), 403, "only another allocator on this database may forward a stream here", null);
            return;
        }
        if (!AgentStreamController.upgradeAskedElseRefused(request, response)) {
            return;
        }
        TunnelStream stream;
        try {
            Optional<Machine> found = machines.findById(machine);
            if (found.isEmpty()) {
                throw new TunnelUnavailableException(TunnelUnavailableException.Reason.NO_TUNNEL, "there is no machine " + machine);
            }
            stream = tunnels.openHere(found.get(), port, actor);
        } catch (TunnelUnavailableException e) {
            refuse(response, request.getRequestURI(), e);
            return;
        }
        try {
            AgentStreamController.upgrade(request, response).onOpen(connection -> copyBothWays(stream, connection));
        } catch (IOException | ServletException | RuntimeException e) {
            stream.close();
            throw e;
        }
    }

    private static void refuse(HttpServletResponse response, String path, TunnelUnavailableException e) throws IOException {
        int status = switch (e.reason()) {
            case PORT_NOT_DECLARED -> 403;
            case REFUSED -> 502;
            case TIMEOUT -> 504;
            case NO_TUNNEL -> 503;
        };
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", "Stream not opened");
        problem.put("status", status);
        problem.put("detail", e.getMessage());
        problem.put("instance", path);
        problem.put("reason", e.reason().name());
        byte[] body = JSON.writeValueAsBytes(problem);
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** Two copies, one each way, on threads of their own: either ending ends the stream and the connection. */
    private static void copyBothWays(TunnelStream stream, StreamUpgrade.Connection connection) {
        Runnable end = () -> {
            stream.close();
            connection.close();
        };
        InputStream fromCaller = connection.input();
        OutputStream toCaller = connection.output();
        Thread.ofVirtual().name("lablink-forward-in").start(() -> copy(fromCaller, stream.output(), end));
        Thread.ofVirtual().name("lablink-forward-out").start(() -> copy(stream.input(), toCaller, end));
    }

    private static void copy(InputStream from, OutputStream to, Runnable end) {
        byte[] buffer = new byte[AgentStream.CHUNK_BYTES];
        try {
            int n;
            while ((n = from.read(buffer)) >= 0) {
                if (n > 0) {
                    to.write(buffer, 0, n);
                    to.flush();
                }
            }
        } catch (IOException | RuntimeException ended) {
            // either side went away
        } finally {
            end.run();
        }
    }
}
