package dev.lablink.server.tunnel;

/**
 * No stream could be opened: the machine's agent holds no tunnel, the port is not one its session
 * declared, nothing listens there, or the agent did not answer in time. The message says which, in
 * words a participant or an admin can act on.
 */
public class TunnelUnavailableException extends Exception {
    private final Reason reason;

    public enum Reason { NO_TUNNEL, PORT_NOT_DECLARED, REFUSED, TIMEOUT }

    public TunnelUnavailableException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
