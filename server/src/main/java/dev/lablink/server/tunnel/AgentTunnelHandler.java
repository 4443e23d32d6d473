package dev.lablink.server.tunnel;

import dev.lablink.server.agentapi.MachinePrincipal;
import java.util.Map;
import org.springframework.security.core.Authentication;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** {@code /api/v1/agent/tunnel}: an agent's control WebSocket, over which it is asked to open streams and says when it will not. */
class AgentTunnelHandler extends TextWebSocketHandler {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The agent pings every 20 s; three missed mean the connection is half dead, and the machine is no longer counted as connected. */
    static final long SILENT_MILLIS = 60_000;

    private final AgentTunnels tunnels;

    AgentTunnelHandler(AgentTunnels tunnels) {
        this.tunnels = tunnels;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) {
        // only the control WebSocket: a data stream (an idle ssh shell) may rightly be silent for hours
        if (session instanceof NativeWebSocketSession wrapper && wrapper.getNativeSession() instanceof jakarta.websocket.Session container) {
            container.setMaxIdleTimeout(SILENT_MILLIS);
        }
        tunnels.controlOpened(machine(session).machineId(), session);
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) {
        try {
            Map<?, ?> body = JSON.readValue(message.getPayload(), Map.class);
            if ("refused".equals(body.get("type")) && body.get("stream") instanceof String stream) {
                Object reason = body.get("reason");
                tunnels.refused(machine(session).machineId(), stream, reason == null ? null : String.valueOf(reason));
            }
        } catch (JacksonException e) {
            // an agent of another version: ignore what it says, keep the tunnel
        }
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        tunnels.controlClosed(machine(session).machineId(), session);
    }

    static MachinePrincipal machine(WebSocketSession session) {
        return (MachinePrincipal) ((Authentication) session.getPrincipal()).getPrincipal();
    }
}
