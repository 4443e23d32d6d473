package dev.lablink.server.tunnel;

import dev.lablink.server.machines.Machine;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
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

    private final TunnelForwardingSecret secret;

    TunnelForwarder(TunnelForwardingSecret secret) {
        this.secret = secret;
    }

    TunnelStream open(TunnelLocations.Remote remote, Machine machine, int port, String actor) throws TunnelUnavailableException {
        return connect(remote.internalUrl(), remote.host(), secret.get(), machine.id(), machine.name(), port, actor);
    }

    /**
     * Opens a stream to {@code port} on machine {@code machineId} through the allocator at {@code internalUrl}, which holds
     * its tunnel: one connection upgraded to a plain byte stream once that allocator has opened the stream through the
     * agent, or its refusal as a problem with the reason. Public for {@code bin/bench tunnel}, which reaches an
     * allocator the way another allocator does.
     */
    public static TunnelStream connect(String internalUrl, String host, String secret, long machineId, String machineName,
                                       int port, String actor) throws TunnelUnavailableException {
        URI uri = URI.create(internalUrl.replaceAll("/+$", "") + PATH + "?machine=" + machineId + "&port=" + port
                + "&actor=" + URLEncoder.encode(actor, StandardCharsets.UTF_8));
        try {
            // the answer may wait behind many others (1,000 streams opened at once, bin/bench tunnel), and for the agent's open
            return new ForwardedStream(StreamConnector.open(uri, "Bearer " + secret, CONNECT_TIMEOUT, AgentTunnels.OPEN_TIMEOUT.plus(CONNECT_TIMEOUT)));
        } catch (StreamConnector.Refused refused) {
            throw refusal(refused, machineName, internalUrl);
        } catch (IOException e) {
            throw new TunnelUnavailableException(TunnelUnavailableException.Reason.NO_TUNNEL, "machine " + machineName
                    + "'s tunnel ends on the allocator at " + internalUrl + " (host " + host + "), which this allocator cannot reach ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                    + "); set server.internal_url on that allocator to an address the others reach");
        }
    }

    /** The other allocator's problem body carries the reason and its words; anything else is its status. */
    private static TunnelUnavailableException refusal(StreamConnector.Refused refused, String machineName, String internalUrl) {
        try {
            Map<?, ?> problem = JSON.readValue(refused.body, Map.class);
            if (problem.get("reason") != null && problem.get("detail") != null) {
                return new TunnelUnavailableException(reason(problem.get("reason")), String.valueOf(problem.get("detail")));
            }
        } catch (RuntimeException notJson) {
            // fall through
        }
        return new TunnelUnavailableException(TunnelUnavailableException.Reason.NO_TUNNEL,
                "machine " + machineName + "'s tunnel ends on the allocator at " + internalUrl + ", which answered " + refused.status + "; try again");
    }

    private static TunnelUnavailableException.Reason reason(Object name) {
        for (TunnelUnavailableException.Reason reason : TunnelUnavailableException.Reason.values()) {
            if (reason.name().equals(name)) {
                return reason;
            }
        }
        return TunnelUnavailableException.Reason.REFUSED;
    }
}
