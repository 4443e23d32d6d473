package dev.lablink.server.tunnel;

import java.util.Optional;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.BinaryWebSocketHandler;

/** {@code /api/v1/agent/tunnel/streams/<id>}: the data WebSocket an agent opens for one stream it was asked for. */
class AgentStreamHandler extends BinaryWebSocketHandler {
    private static final String STREAM = "lablink.stream";

    private final AgentTunnels tunnels;

    AgentStreamHandler(AgentTunnels tunnels) {
        this.tunnels = tunnels;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) throws Exception {
        String path = session.getUri() == null ? "" : session.getUri().getPath();
        String id = path.substring(path.lastIndexOf('/') + 1);
        Optional<AgentStream> stream = tunnels.attach(AgentTunnelHandler.machine(session).machineId(), id, session);
        if (stream.isEmpty()) {
            session.close(CloseStatus.POLICY_VIOLATION.withReason("no such stream was asked of this machine"));
            return;
        }
        session.getAttributes().put(STREAM, stream.get());
    }

    @Override
    protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) throws Exception {
        AgentStream stream = (AgentStream) session.getAttributes().get(STREAM);
        if (stream != null) {
            stream.received(message.getPayload());
        }
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        AgentStream stream = (AgentStream) session.getAttributes().get(STREAM);
        if (stream != null) {
            stream.ended();
        }
    }
}
