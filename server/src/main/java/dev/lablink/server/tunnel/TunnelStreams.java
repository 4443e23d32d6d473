package dev.lablink.server.tunnel;

import dev.lablink.server.machines.Machine;

/** Opens byte streams to ports on machines through their agents' tunnels; the proxy, ssh and port forwarding all go through here. */
public interface TunnelStreams {
    /**
     * A stream to {@code port} on {@code machine}, once the agent has connected to it.
     *
     * @param actor who asks, for the event when it is refused ({@code participant:<email>}, {@code admin:<user>})
     */
    TunnelStream open(Machine machine, int port, String actor) throws TunnelUnavailableException;

    /** Whether the machine's agent holds a tunnel (to this allocator or, with several, to any). */
    boolean isConnected(long machineId);
}
