package dev.lablink.server.apps;

import dev.lablink.server.tunnel.TunnelStreams;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.ee10.proxy.ProxyServlet;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Transport;

/**
 * The reverse proxy for {@code /m/<machine>/<app>/}: Jetty's {@code ProxyServlet} (a kept proxy,
 * and a plain servlet, so it runs on our Tomcat) with Jetty's HttpClient, whose connections go to
 * the machine's {@link TunnelSockets} Unix socket instead of a TCP address, so keep-alive and
 * pooling come from the client and each pooled connection is one tunnel stream. Spring's own
 * proxies are for the reactive stack or fixed routes (Spring Cloud Gateway MVC would bring the whole
 * of Spring Cloud) and none lets the upstream be a stream. The ee10 flavour (Servlet 6.0, which
 * Tomcat 11's 6.1 runs) because jetty-ee11-proxy is not served by our registry. WebSocket
 * upgrades, which the servlet does not proxy, go to {@link WebSocketPassThrough}.
 *
 * <p>The prefix is not stripped: apps are started with it as their base URL
 * ({@code {base_url:NAME}}), and links they write then work as they are. The allocator's cookies
 * never reach the app and the app cannot set them ({@link AllocatorCookies}).
 */
public class AppProxyServlet extends ProxyServlet {
    private static final String SOCKET = AppProxyServlet.class.getName() + ".socket";
    private final transient AppAccess access;
    private final transient TunnelStreams tunnels;
    private final transient TunnelSockets sockets;
    private final transient AppOpenings openings;
    private final transient WebSocketPassThrough webSockets;
    private final transient Map<Path, Transport> transports = new ConcurrentHashMap<>();

    public AppProxyServlet(AppAccess access, TunnelStreams tunnels, TunnelSockets sockets, AppOpenings openings,
                           WebSocketPassThrough webSockets) {
        this.access = access;
        this.tunnels = tunnels;
        this.sockets = sockets;
        this.openings = openings;
        this.webSockets = webSockets;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<AppAddress> address = AppAddress.parse(request.getRequestURI().substring(request.getContextPath().length()));
        Optional<AppAccess.Opening> allowed = address.flatMap(a -> access.check(request, a));
        if (allowed.isEmpty()) {
            AppErrorPages.notFound(request, response);
            return;
        }
        AppAccess.Opening opening = allowed.get();
        if (opening.byAdmin()) {
            AppErrorPages.adminsPortForward(request, response, opening);
            return;
        }
        if (address.get().rest().isEmpty()) {
            String query = request.getQueryString();
            response.sendRedirect(request.getContextPath() + address.get().prefix() + (query == null ? "" : "?" + query));
            return;
        }
        if (!tunnels.isConnected(opening.machine().id())) {
            AppErrorPages.noTunnel(request, response);
            return;
        }
        boolean webSocket = WebSocketPassThrough.isUpgrade(request);
        if (webSocket || isPageLoad(request)) {
            openings.opened(opening.actor(), opening.machine().id(), opening.machine().name(), opening.app().name());
        }
        if (webSocket) {
            webSockets.pass(request, response, opening);
            return;
        }
        request.setAttribute(SOCKET, sockets.socketFor(opening.machine(), opening.app().port()));
        try {
            super.service(request, response);
        } catch (jakarta.servlet.ServletException e) {
            AppErrorPages.notAnswering(request, response);
        }
    }

    /** A navigation (not a script, image or XHR of the page), the first request of a page load. */
    private static boolean isPageLoad(HttpServletRequest request) {
        String mode = request.getHeader("Sec-Fetch-Mode");
        if (mode != null) {
            return mode.equals("navigate");
        }
        String accept = request.getHeader("Accept");
        return "GET".equals(request.getMethod()) && accept != null && accept.contains("text/html");
    }

    @Override
    protected String rewriteTarget(HttpServletRequest request) {
        String query = request.getQueryString();
        return "http://localhost" + request.getRequestURI() + (query == null ? "" : "?" + query);
    }

    @Override
    protected void sendProxyRequest(HttpServletRequest clientRequest, HttpServletResponse proxyResponse, Request proxyRequest) {
        Path socket = (Path) clientRequest.getAttribute(SOCKET);
        proxyRequest.transport(transports.computeIfAbsent(socket, Transport.TCPUnix::new));
        super.sendProxyRequest(clientRequest, proxyResponse, proxyRequest);
    }

    @Override
    protected void copyRequestHeaders(HttpServletRequest clientRequest, Request proxyRequest) {
        super.copyRequestHeaders(clientRequest, proxyRequest);
        List<String> cookies = proxyRequest.getHeaders().getValuesList(HttpHeader.COOKIE);
        if (cookies.isEmpty()) {
            return;
        }
        proxyRequest.headers(headers -> {
            headers.remove(HttpHeader.COOKIE);
            cookies.stream().map(AllocatorCookies::withoutOurs).filter(c -> !c.isEmpty()).forEach(c -> headers.add(HttpHeader.COOKIE, c));
        });
    }

    @Override
    protected String filterServerResponseHeader(HttpServletRequest clientRequest, Response serverResponse, String headerName, String headerValue) {
        if (HttpHeader.SET_COOKIE.is(headerName) && AllocatorCookies.setsOurs(headerValue)) {
            return null;
        }
        return super.filterServerResponseHeader(clientRequest, serverResponse, headerName, headerValue);
    }

    /** The app closed the connection or never answered: our page, not Jetty's bare status. */
    @Override
    protected void sendProxyResponseError(HttpServletRequest clientRequest, HttpServletResponse proxyResponse, int status) {
        try {
            if (!proxyResponse.isCommitted()) {
                proxyResponse.resetBuffer();
                proxyResponse.setHeader("Connection", "close");
                AppErrorPages.notAnswering(clientRequest, proxyResponse);
            }
        } catch (IOException | RuntimeException e) {
            _log.debug("could not write the error page", e);
        } finally {
            if (clientRequest.isAsyncStarted()) {
                clientRequest.getAsyncContext().complete();
            }
        }
    }
}
