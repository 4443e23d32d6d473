package dev.lablink.server.tunnel;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.BinaryWebSocketHandler;

/**
 * {@code /api/v1/vms/<name>/tunnel}: a client's WebSocket (lablink tunnel, ssh's ProxyCommand,
 * port-forward) piped both ways to the stream its handshake opened. Both directions block: a
 * message from the client is written to the port before the next is read (so TCP holds the client
 * back), and bytes from the port are sent one message at a time with Tomcat's blocking send (so a
 * slow client holds the port back). Either side ending closes the other.
 */
class ClientTunnelHandler extends BinaryWebSocketHandler {
    /** A byte stream has no message boundaries to keep: parts go on as they come, so the container's buffer need not hold a whole message. */
    @Override
    public boolean supportsPartialMessages() {
        return true;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) {
        TunnelStream stream = stream(session);
        Thread.ofVirtual().name("tunnel-to-client-" + session.getId()).start(() -> pumpToClient(session, stream));
    }

    @Override
    protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) throws IOException {
        TunnelStream stream = stream(session);
        ByteBuffer payload = message.getPayload();
        byte[] data = new byte[payload.remaining()];
        payload.get(data);
        try {
            OutputStream output = stream.output();
            output.write(data);
            output.flush();
        } catch (IOException portClosed) {
            closeQuietly(session, CloseStatus.NORMAL);
        }
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        stream(session).close();
    }

    @Override
    public void handleTransportError(WebSocketSession session, Throwable exception) {
        stream(session).close();
        closeQuietly(session, CloseStatus.SERVER_ERROR);
    }

    private static void pumpToClient(WebSocketSession session, TunnelStream stream) {
        byte[] buffer = new byte[AgentStream.CHUNK_BYTES];
        try {
            InputStream input = stream.input();
            int n;
            while ((n = input.read(buffer)) >= 0) {
                if (n == 0) {
                    continue;
                }
                synchronized (session) {
                    session.sendMessage(new BinaryMessage(buffer, 0, n, true)); // blocks until sent, so the buffer is free again
                }
            }
        } catch (IOException | RuntimeException ended) {
            // the client or the port went away; closing below tells the other side
        } finally {
            stream.close();
            closeQuietly(session, CloseStatus.NORMAL);
        }
    }

    private static TunnelStream stream(WebSocketSession session) {
        return (TunnelStream) session.getAttributes().get(ClientTunnelHandshake.STREAM);
    }

    private static void closeQuietly(WebSocketSession session, CloseStatus status) {
        synchronized (session) {
            try {
                session.close(status);
            } catch (IOException | RuntimeException ignored) {
                // already closed
            }
        }
    }
}
