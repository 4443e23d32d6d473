package dev.lablink.server.tunnel;

import jakarta.servlet.http.WebConnection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.Consumer;
import org.apache.coyote.http11.upgrade.InternalHttpUpgradeHandler;
import org.apache.tomcat.util.net.AbstractEndpoint.Handler.SocketState;
import org.apache.tomcat.util.net.SSLSupport;
import org.apache.tomcat.util.net.SocketEvent;
import org.apache.tomcat.util.net.SocketWrapperBase;

/**
 * A data connection after its {@code 101 Switching Protocols}: Tomcat hands over the connection, and
 * this passes it on, as blocking streams, to whoever was waiting for it ({@link AgentStreamController},
 * {@link TunnelForwardController}). Public with a public constructor: the container makes it.
 *
 * <p>Why Tomcat's own upgrade interface rather than the Servlet API's {@link WebConnection} alone:
 * Tomcat's {@code WebConnection.close()} only marks its streams closed, and the socket stays open
 * until the peer next sends something, so an agent never learned that its stream ended
 * (AllocatorRestartTunnelTest failed that way); and with blocking streams, data that arrives while
 * nobody reads is handed to a container thread, which returns it to the poller, which hands it over
 * again (read in Tomcat's code). Here a close closes the socket, and such data waits in the socket
 * (SUSPENDED: the next blocking read registers for it): a stream with 3 s of data waiting unread
 * cost the test JVM 160 ms of CPU in those 3 s (80 ms with no stream), not a core's worth.
 */
public final class StreamUpgrade implements InternalHttpUpgradeHandler {
    /** The {@code Upgrade} token of a stream's data connection: after the 101, its bytes as they are, no framing. */
    static final String TOKEN = "lablink-stream";

    private volatile Consumer<Connection> opened = Connection::close;
    private volatile SocketWrapperBase<?> socket;

    /** The upgraded connection as blocking streams; {@link #close()} closes the socket. */
    static final class Connection {
        private final SocketWrapperBase<?> socket;

        Connection(SocketWrapperBase<?> socket) {
            this.socket = socket;
        }

        InputStream input() {
            return new InputStream() {
                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    int n = read(one, 0, 1);
                    return n < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] target, int offset, int length) throws IOException {
                    if (socket.isClosed()) {
                        return -1;
                    }
                    int n;
                    do {
                        n = socket.read(true, target, offset, length);
                    } while (n == 0 && length > 0);
                    return n;
                }
            };
        }

        OutputStream output() {
            return new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] data, int offset, int length) throws IOException {
                    if (socket.isClosed()) {
                        throw new IOException("the tunnel stream is closed");
                    }
                    socket.write(true, data, offset, length);
                }

                @Override
                public void flush() throws IOException {
                    if (socket.isClosed()) {
                        throw new IOException("the tunnel stream is closed");
                    }
                    socket.flush(true);
                }
            };
        }

        void close() {
            socket.close();
        }
    }

    public StreamUpgrade() {
    }

    void onOpen(Consumer<Connection> then) {
        this.opened = then;
    }

    @Override
    public void setSocketWrapper(SocketWrapperBase<?> wrapper) {
        // no idle limit: a stream may rightly be quiet for hours (an idle ssh shell); TCP's window holds a writer back
        wrapper.setReadTimeout(-1);
        wrapper.setWriteTimeout(-1);
        this.socket = wrapper;
    }

    @Override
    public void init(WebConnection connection) {
        opened.accept(new Connection(socket));
    }

    @Override
    public SocketState upgradeDispatch(SocketEvent event) {
        return switch (event) {
            // data arrived while no reader waits: it stays in the socket until the next read, which asks for more itself
            case OPEN_READ, OPEN_WRITE -> SocketState.SUSPENDED;
            default -> SocketState.CLOSED;
        };
    }

    @Override
    public void timeoutAsync(long now) {
        // no timeouts of its own
    }

    @Override
    public void setSslSupport(SSLSupport sslSupport) {
        // the bytes are the stream's; nothing here asks about TLS
    }

    @Override
    public void pause() {
        // the stream ends when its socket closes, as at shutdown
    }

    @Override
    public void destroy() {
        // the stream closes its connection itself
    }
}
