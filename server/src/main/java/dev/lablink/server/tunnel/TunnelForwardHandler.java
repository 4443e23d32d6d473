package dev.lablink.server.tunnel;

import dev.lablink.server.machines.Machine;
import dev.lablink.server.machines.MachineRepository;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.util.MultiValueMap;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.BinaryWebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * {@code /internal/v1/tunnel/forward?machine=&port=&actor=}: another allocator on this database asks
 * for a stream to a machine whose tunnel ends here ({@link TunnelForwarder} is the other end). Only
 * with the allocators' shared secret; the stream is opened here only, never forwarded again, so two
 * allocators with stale rows cannot bounce a stream between them.
 */
class TunnelForwardHandler extends BinaryWebSocketHandler {
    private static final String STREAM = "lablink.forwarded";

    private final AgentTunnels tunnels;
    private final MachineRepository machines;

    TunnelForwardHandler(AgentTunnels tunnels, MachineRepository machines) {
        this.tunnels = tunnels;
        this.machines = machines;
    }

    /** Lets the handshake through only with the shared secret; anyone else gets a bare 403. */
    static HandshakeInterceptor secretCheck(TunnelForwardingSecret secret) {
        return new HandshakeInterceptor() {
            @Override
            public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler, Map<String, Object> attributes) {
                String header = request.getHeaders().getFirst("Authorization");
                if (header != null && header.startsWith("Bearer ") && secret.matches(header.substring("Bearer ".length()))) {
                    return true;
                }
                response.setStatusCode(HttpStatus.FORBIDDEN);
                return false;
            }

            @Override
            public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler, Exception failure) {
            }
        };
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) throws Exception {
        MultiValueMap<String, String> query = UriComponentsBuilder.fromUri(session.getUri()).build(true).getQueryParams();
        TunnelStream stream;
        try {
            long machineId = Long.parseLong(first(query, "machine"));
            int port = Integer.parseInt(first(query, "port"));
            String actor = java.net.URLDecoder.decode(first(query, "actor"), java.nio.charset.StandardCharsets.UTF_8);
            Optional<Machine> machine = machines.findById(machineId);
            if (machine.isEmpty()) {
                throw new TunnelUnavailableException(TunnelUnavailableException.Reason.NO_TUNNEL, "there is no machine " + machineId);
            }
            stream = tunnels.openHere(machine.get(), port, actor);
        } catch (TunnelUnavailableException e) {
            session.sendMessage(new TextMessage(TunnelForwarder.refused(e)));
            session.close(CloseStatus.NORMAL);
            return;
        } catch (RuntimeException e) {
            session.close(CloseStatus.BAD_DATA.withReason("machine, port and actor are required"));
            return;
        }
        session.getAttributes().put(STREAM, stream);
        session.sendMessage(new TextMessage(TunnelForwarder.opened()));
        Thread.ofVirtual().name("lablink-forward-" + session.getId()).start(() -> copyToOtherAllocator(stream, session));
    }

    private static String first(MultiValueMap<String, String> query, String name) {
        String value = query.getFirst(name);
        if (value == null) {
            throw new IllegalArgumentException(name);
        }
        return value;
    }

    private static void copyToOtherAllocator(TunnelStream stream, WebSocketSession session) {
        byte[] buffer = new byte[AgentStream.CHUNK_BYTES];
        try (InputStream in = stream.input()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (n > 0) {
                    session.sendMessage(new BinaryMessage(buffer, 0, n, true)); // blocks until sent
                }
            }
            session.close(CloseStatus.NORMAL.withReason("port closed"));
        } catch (IOException | RuntimeException e) {
            try {
                session.close(CloseStatus.GOING_AWAY);
            } catch (IOException ignored) {
                // gone already
            }
        }
    }

    @Override
    protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) throws Exception {
        TunnelStream stream = (TunnelStream) session.getAttributes().get(STREAM);
        if (stream != null) {
            ByteBuffer payload = message.getPayload();
            byte[] data = new byte[payload.remaining()];
            payload.get(data);
            try {
                stream.output().write(data);
                stream.output().flush();
            } catch (IOException e) {
                stream.close();
                session.close(CloseStatus.GOING_AWAY);
            }
        }
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        TunnelStream stream = (TunnelStream) session.getAttributes().get(STREAM);
        if (stream != null) {
            stream.close();
        }
    }
}
