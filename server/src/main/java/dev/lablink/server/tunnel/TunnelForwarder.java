package dev.lablink.server.tunnel;

import dev.lablink.server.machines.Machine;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Opens a stream through the allocator that holds a machine's tunnel, when that is not this one.
 *
 * <p>Why forward instead of having each agent hold a tunnel to every allocator: an agent knows one
 * URL, {@code server.public_url}, which may well be a load balancer that picks one allocator per
 * connection, so it could never be sure to reach each of them; allocators, on the other hand, all
 * share the database, where each records which machines' tunnels end on it and its own
 * {@code server.internal_url}. A forwarded stream costs one more hop inside the deployment and
 * nothing on the machine. The allocators authenticate to each other with {@link TunnelForwardingSecret}.
 */
@Component
public class TunnelForwarder {
    static final String PATH = "/internal/v1/tunnel/forward";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
            .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    private final TunnelForwardingSecret secret;

    TunnelForwarder(TunnelForwardingSecret secret) {
        this.secret = secret;
    }

    TunnelStream open(TunnelLocations.Remote remote, Machine machine, int port, String actor) throws TunnelUnavailableException {
        return connect(http, remote.internalUrl(), remote.host(), secret.get(), machine.id(), machine.name(), port, actor);
    }

    /**
     * Opens a stream to {@code port} on machine {@code machineId} through the allocator at {@code internalUrl}, which holds
     * its tunnel. Public for {@code bin/bench tunnel}, which reaches an allocator the way another allocator does.
     */
    public static TunnelStream connect(HttpClient http, String internalUrl, String host, String secret, long machineId, String machineName,
                                       int port, String actor) throws TunnelUnavailableException {
        ForwardedStream stream = new ForwardedStream();
        URI uri = URI.create(internalUrl.replaceFirst("^http", "ws") + PATH + "?machine=" + machineId + "&port=" + port
                + "&actor=" + URLEncoder.encode(actor, StandardCharsets.UTF_8));
        try {
            // the handshake may wait behind many others (1,000 streams opened at once, bin/bench tunnel): as long as an agent may take
            http.newWebSocketBuilder().header("Authorization", "Bearer " + secret).connectTimeout(AgentTunnels.OPEN_TIMEOUT)
                    .buildAsync(uri, stream).get(AgentTunnels.OPEN_TIMEOUT.toMillis() + CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new TunnelUnavailableException(TunnelUnavailableException.Reason.NO_TUNNEL, "machine " + machineName
                    + "'s tunnel ends on the allocator at " + internalUrl + " (host " + host + "), which this allocator cannot reach ("
                    + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage())
                    + "); set server.internal_url on that allocator to an address the others reach");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TunnelUnavailableException(TunnelUnavailableException.Reason.TIMEOUT, "interrupted while opening the stream");
        }
        try {
            Map<?, ?> answer = JSON.readValue(stream.verdict().get(AgentTunnels.OPEN_TIMEOUT.toMillis() + CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), Map.class);
            if ("open".equals(answer.get("type"))) {
                return stream;
            }
            stream.close();
            throw new TunnelUnavailableException(reason(answer.get("reason")), String.valueOf(answer.get("message")));
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            stream.close();
            throw new TunnelUnavailableException(TunnelUnavailableException.Reason.NO_TUNNEL,
                    "machine " + machineName + "'s tunnel ends on the allocator at " + internalUrl + ", which did not answer; try again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stream.close();
            throw new TunnelUnavailableException(TunnelUnavailableException.Reason.TIMEOUT, "interrupted while opening the stream");
        }
    }

    private static TunnelUnavailableException.Reason reason(Object name) {
        for (TunnelUnavailableException.Reason reason : TunnelUnavailableException.Reason.values()) {
            if (reason.name().equals(name)) {
                return reason;
            }
        }
        return TunnelUnavailableException.Reason.REFUSED;
    }

    /** What the allocator holding the tunnel answers first; see {@link TunnelForwardHandler}. */
    static String opened() {
        return "{\"type\":\"open\"}";
    }

    static String refused(TunnelUnavailableException e) {
        return JSON.writeValueAsString(Map.of("type", "refused", "reason", e.reason().name(), "message", e.getMessage()));
    }
}
