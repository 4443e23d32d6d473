package dev.lablink.server.tunnel;

import dev.lablink.server.api.ErrorBodies;
import dev.lablink.server.events.EventRepository;
import dev.lablink.server.machines.Machine;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Before {@code /api/v1/vms/<name>/tunnel?port=N} upgrades to a WebSocket, opens the stream to the
 * port, so that a refusal (no tunnel, an undeclared port, nothing listening) is an HTTP error in
 * problem+json that the CLI prints as one line, rather than a WebSocket that closes at once.
 */
class ClientTunnelHandshake implements HandshakeInterceptor {
    static final String STREAM = "lablink.clientStream";

    private final TunnelCallers callers;
    private final TunnelStreams tunnels;
    private final EventRepository events;

    ClientTunnelHandshake(TunnelCallers callers, TunnelStreams tunnels, EventRepository events) {
        this.callers = callers;
        this.tunnels = tunnels;
        this.events = events;
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler, Map<String, Object> attributes)
            throws IOException {
        HttpServletRequest servletRequest = ((ServletServerHttpRequest) request).getServletRequest();
        HttpServletResponse servletResponse = ((ServletServerHttpResponse) response).getServletResponse();
        String path = servletRequest.getRequestURI();
        String name = path.substring("/api/v1/vms/".length(), path.length() - "/tunnel".length());
        if (!"websocket".equalsIgnoreCase(servletRequest.getHeader("Upgrade"))) {
            return refuse(servletResponse, path, 400, "this address is a WebSocket tunnel; connect with lablink tunnel " + name + " PORT", null);
        }
        Integer port = portOf(servletRequest.getParameter("port"));
        if (port == null) {
            return refuse(servletResponse, path, 400, "parameter 'port' must be a port number from 1 to 65535, like ?port=22", "port");
        }
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        Optional<Machine> machine = callers.machineFor(caller, name);
        if (machine.isEmpty()) {
            return refuse(servletResponse, path, 404, "no machine named " + name + " that these credentials may reach", null);
        }
        String actor = TunnelCallers.actor(caller);
        try {
            TunnelStream stream = tunnels.open(machine.get(), port, actor);
            attributes.put(STREAM, stream);
            servletRequest.setAttribute(STREAM, stream); // for afterHandshake, which sees no attributes
            events.record(actor, machine.get().id(), "TUNNEL_OPENED", "port " + port);
            return true;
        } catch (TunnelUnavailableException e) {
            int status = switch (e.reason()) {
                case PORT_NOT_DECLARED -> 403;
                case REFUSED -> 502;
                case TIMEOUT -> 504;
                case NO_TUNNEL -> 503;
            };
            return refuse(servletResponse, path, status, e.getMessage(), null);
        }
    }

    /** A stream opened for a handshake that then failed is closed, not left to the port. */
    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler, Exception exception) {
        HttpServletResponse servletResponse = ((ServletServerHttpResponse) response).getServletResponse();
        if (exception != null || servletResponse.getStatus() != 101) {
            Object stream = ((ServletServerHttpRequest) request).getServletRequest().getAttribute(STREAM);
            if (stream instanceof TunnelStream opened) {
                opened.close();
            }
        }
    }

    private static Integer portOf(String value) {
        if (value == null || !value.matches("\\d{1,5}")) {
            return null;
        }
        int port = Integer.parseInt(value);
        return port >= 1 && port <= 65535 ? port : null;
    }

    private static boolean refuse(HttpServletResponse response, String path, int status, String detail, String field) throws IOException {
        ErrorBodies.write(response, path, status, detail, field);
        return false;
    }
}
