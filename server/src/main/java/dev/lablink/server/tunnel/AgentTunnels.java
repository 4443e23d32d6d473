package dev.lablink.server.tunnel;

import dev.lablink.core.config.LabLinkConfig;
import dev.lablink.server.events.EventRepository;
import dev.lablink.server.machines.Machine;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import tools.jackson.databind.json.JsonMapper;

/**
 * The agents' tunnels that end on this allocator, and the streams being opened through them. A
 * stream is asked for over the machine's control WebSocket; the agent connects to the port and
 * opens one data connection for that stream alone (an HTTP upgrade to a plain byte stream, see
 * {@link AgentStreamController}), so each stream has its own TCP flow control and a slow one never
 * holds up another.
 *
 * <p>With several allocators on one database, a machine's tunnel ends on one of them; a stream asked
 * of another is forwarded to it ({@link TunnelForwarder}, found through {@link TunnelLocations}).
 */
@Component
public class AgentTunnels implements TunnelStreams {
    static final Duration OPEN_TIMEOUT = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(AgentTunnels.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Map<Long, WebSocketSession> controls = new ConcurrentHashMap<>();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final List<Integer> declaredPorts;
    private final EventRepository events;
    private final TunnelLocations locations;
    private final TunnelForwarder forwarder;

    private record Pending(long machineId, String machineName, int port, AgentStream stream) {
    }

    public AgentTunnels(LabLinkConfig config, EventRepository events, TunnelLocations locations, TunnelForwarder forwarder) {
        this.declaredPorts = config.session().tunnelPorts();
        this.events = events;
        this.locations = locations;
        this.forwarder = forwarder;
    }

    @Override
    public boolean isConnected(long machineId) {
        return isConnectedHere(machineId) || locations.elsewhere(machineId).isPresent();
    }

    private boolean isConnectedHere(long machineId) {
        WebSocketSession control = controls.get(machineId);
        return control != null && control.isOpen();
    }

    @Override
    public TunnelStream open(Machine machine, int port, String actor) throws TunnelUnavailableException {
        checkDeclared(machine, port, actor);
        if (!isConnectedHere(machine.id())) {
            Optional<TunnelLocations.Remote> remote = locations.elsewhere(machine.id());
            if (remote.isPresent()) {
                return forwarder.open(remote.get(), machine, port, actor);
            }
        }
        return openHere(machine, port, actor);
    }

    private void checkDeclared(Machine machine, int port, String actor) throws TunnelUnavailableException {
        if (!declaredPorts.contains(port)) {
            String message = "port " + port + " is not one the session declared (session.apps, session.ssh.port); refused";
            events.record(actor, machine.id(), "TUNNEL_REFUSED", message);
            throw new TunnelUnavailableException(TunnelUnavailableException.Reason.PORT_NOT_DECLARED, message);
        }
    }

    /** A stream through a tunnel that ends on this allocator; never forwarded (see {@link TunnelForwardHandler}). */
    TunnelStream openHere(Machine machine, int port, String actor) throws TunnelUnavailableException {
        checkDeclared(machine, port, actor);
        WebSocketSession control = controls.get(machine.id());
        if (control == null || !control.isOpen()) {
            throw new TunnelUnavailableException(TunnelUnavailableException.Reason.NO_TUNNEL,
                    "machine " + machine.name() + " has no tunnel open to the allocator; its agent may still be starting, or the machine is gone");
        }
        String id = UUID.randomUUID().toString();
        AgentStream stream = new AgentStream();
        pending.put(id, new Pending(machine.id(), machine.name(), port, stream));
        try {
            send(control, StreamRequest.open(id, port));
            stream.connection().get(OPEN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return stream;
        } catch (IOException e) {
            stream.close();
            throw new TunnelUnavailableException(TunnelUnavailableException.Reason.NO_TUNNEL,
                    "machine " + machine.name() + "'s tunnel closed while asking for a stream; try again");
        } catch (ExecutionException e) {
            stream.close();
            String reason = e.getCause() == null ? "refused" : e.getCause().getMessage();
            throw new TunnelUnavailableException(TunnelUnavailableException.Reason.REFUSED, "machine " + machine.name() + ": " + reason);
        } catch (TimeoutException e) {
            stream.close();
            throw new TunnelUnavailableException(TunnelUnavailableException.Reason.TIMEOUT,
                    "machine " + machine.name() + "'s agent did not open port " + port + " within " + OPEN_TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stream.close();
            throw new TunnelUnavailableException(TunnelUnavailableException.Reason.TIMEOUT, "interrupted while opening the stream");
        } catch (java.util.concurrent.CancellationException e) {
            throw new TunnelUnavailableException(TunnelUnavailableException.Reason.REFUSED, "the stream was closed before it opened");
        } finally {
            pending.remove(id);
        }
    }

    void controlOpened(long machineId, WebSocketSession session) {
        WebSocketSession previous = controls.put(machineId, session);
        if (previous != null && previous != session) {
            closeQuietly(previous, CloseStatus.NORMAL.withReason("replaced by a newer tunnel"));
        }
        locations.connectedHere(machineId);
        log.info("tunnel open: machine {} ({})", machineId, session.getRemoteAddress());
    }

    void controlClosed(long machineId, WebSocketSession session) {
        if (controls.remove(machineId, session)) {
            locations.disconnectedHere(machineId);
            log.info("tunnel closed: machine {}", machineId);
        }
    }

    /** The agent would not open the stream; it says why (an undeclared port, nothing listening). */
    void refused(long machineId, String streamId, String reason) {
        Pending request = pending.get(streamId);
        if (request == null || request.machineId() != machineId) {
            return;
        }
        String words = reason == null || reason.isBlank() ? "the agent refused port " + request.port() : reason;
        events.record("agent:" + request.machineName(), machineId, "TUNNEL_REFUSED", words);
        request.stream().connection().completeExceptionally(new IOException(words));
    }

    /**
     * An agent's data connection arrived for a stream: the stream it is for, taken off the pending list
     * so no second connection can have it; empty when it names none this machine was asked for.
     */
    Optional<AgentStream> claim(long machineId, String streamId) {
        Pending request = pending.get(streamId);
        if (request == null || request.machineId() != machineId || !pending.remove(streamId, request)) {
            return Optional.empty();
        }
        return Optional.of(request.stream());
    }

    private static void send(WebSocketSession control, StreamRequest request) throws IOException {
        synchronized (control) {
            control.sendMessage(new TextMessage(JSON.writeValueAsString(request)));
        }
    }

    private static void closeQuietly(WebSocketSession session, CloseStatus status) {
        try {
            session.close(status);
        } catch (IOException | RuntimeException ignored) {
            // already closed
        }
    }
}
