package dev.lablink.server.apps;

import dev.lablink.server.tunnel.TunnelStream;
import dev.lablink.server.tunnel.TunnelStreams;
import dev.lablink.server.tunnel.TunnelUnavailableException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Locale;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * WebSockets to an app (Jupyter's kernels, code-server, noVNC): Jetty's ProxyServlet does not
 * proxy an upgrade, and no kept library proxies one on a servlet container, so the upgrade request
 * goes to the app as it came (less the allocator's cookies) over a fresh tunnel stream; once the app
 * answers 101, its handshake headers go back to the browser and from then on the bytes are copied
 * both ways unread ({@link HttpServletRequest#upgrade}). Either end closing closes both.
 */
@Component
public class WebSocketPassThrough {
    private static final int MAX_HEAD = 64 * 1024;
    private static final Set<String> NOT_COPIED_BACK = Set.of("content-length", "transfer-encoding", "set-cookie");
    private final TunnelStreams tunnels;
    private final MachineTraffic traffic;

    public WebSocketPassThrough(TunnelStreams tunnels, MachineTraffic traffic) {
        this.tunnels = tunnels;
        this.traffic = traffic;
    }

    static boolean isUpgrade(HttpServletRequest request) {
        String upgrade = request.getHeader("Upgrade");
        return upgrade != null && upgrade.equalsIgnoreCase("websocket");
    }

    void pass(HttpServletRequest request, HttpServletResponse response, AppAccess.Opening opening) throws IOException {
        TunnelStream stream;
        try {
            stream = tunnels.open(opening.machine(), opening.app().port(), opening.actor());
        } catch (TunnelUnavailableException e) {
            if (e.reason() == TunnelUnavailableException.Reason.NO_TUNNEL) {
                AppErrorPages.noTunnel(request, response);
            } else {
                AppErrorPages.notAnswering(request, response);
            }
            return;
        }
        InputStream fromApp = new BufferedInputStream(stream.input());
        String[] head;
        try {
            stream.output().write(requestHead(request));
            stream.output().flush();
            head = readHead(fromApp);
        } catch (IOException e) {
            stream.close();
            AppErrorPages.notAnswering(request, response);
            return;
        }
        int status = statusOf(head[0]);
        if (status != HttpServletResponse.SC_SWITCHING_PROTOCOLS) {
            stream.close();
            if (status < 0) {
                AppErrorPages.notAnswering(request, response);
            } else {
                response.sendError(status, "the app refused the WebSocket (" + status + ")");
            }
            return;
        }
        for (int i = 1; i < head.length; i++) {
            int colon = head[i].indexOf(':');
            if (colon > 0) {
                String name = head[i].substring(0, colon).trim();
                if (!NOT_COPIED_BACK.contains(name.toLowerCase(Locale.ROOT))) {
                    response.addHeader(name, head[i].substring(colon + 1).trim());
                }
            }
        }
        try {
            request.upgrade(Pipe.class).connect(stream, fromApp, traffic, opening.machine().id());
        } catch (jakarta.servlet.ServletException e) {
            stream.close();
            throw new IOException("the connection could not be upgraded", e);
        }
    }

    private static byte[] requestHead(HttpServletRequest request) {
        StringBuilder head = new StringBuilder(request.getMethod()).append(' ').append(request.getRequestURI());
        if (request.getQueryString() != null) {
            head.append('?').append(request.getQueryString());
        }
        head.append(" HTTP/1.1\r\n");
        for (String name : Collections.list(request.getHeaderNames())) {
            for (String value : Collections.list(request.getHeaders(name))) {
                if (name.equalsIgnoreCase("Cookie")) {
                    value = AllocatorCookies.withoutOurs(value);
                    if (value.isEmpty()) {
                        continue;
                    }
                }
                head.append(name).append(": ").append(value).append("\r\n");
            }
        }
        return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The app's status line and header lines, read up to the blank line and not a byte further. */
    private static String[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0 || head.size() > MAX_HEAD) {
                throw new IOException("the app closed the connection before answering the upgrade");
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1).trim().split("\r\n");
    }

    private static int statusOf(String statusLine) {
        String[] parts = statusLine.split(" ", 3);
        try {
            return parts.length >= 2 && parts[0].startsWith("HTTP/1.") ? Integer.parseInt(parts[1]) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The upgraded connection: two copying threads, browser to app and app to browser. */
    public static class Pipe implements HttpUpgradeHandler {
        private TunnelStream stream;
        private InputStream fromApp;
        private MachineTraffic traffic;
        private long machineId;

        void connect(TunnelStream stream, InputStream fromApp, MachineTraffic traffic, long machineId) {
            this.stream = stream;
            this.fromApp = fromApp;
            this.traffic = traffic;
            this.machineId = machineId;
        }

        @Override
        public void init(WebConnection connection) {
            Thread.ofVirtual().name("ws-to-app-" + machineId).start(() -> {
                try {
                    copy(connection.getInputStream(), stream.output(), true);
                } catch (IOException ignored) {
                    // the browser went away
                } finally {
                    closeBoth(connection);
                }
            });
            Thread.ofVirtual().name("ws-to-browser-" + machineId).start(() -> {
                try {
                    copy(fromApp, connection.getOutputStream(), false);
                } catch (IOException ignored) {
                    // the app went away
                } finally {
                    closeBoth(connection);
                }
            });
        }

        private void copy(InputStream from, OutputStream to, boolean fromBrowser) throws IOException {
            byte[] buffer = new byte[64 * 1024];
            while (true) {
                int read;
                try {
                    read = from.read(buffer);
                } catch (SocketTimeoutException idle) {
                    if (fromBrowser) {
                        continue; // an idle WebSocket is not a closed one
                    }
                    throw idle;
                }
                if (read < 0) {
                    return;
                }
                to.write(buffer, 0, read);
                to.flush();
                traffic.add(machineId, read);
            }
        }

        private void closeBoth(WebConnection connection) {
            stream.close();
            try {
                connection.close();
            } catch (Exception ignored) {
                // already closed
            }
        }

        @Override
        public void destroy() {
            if (stream != null) {
                stream.close();
            }
        }
    }
}
