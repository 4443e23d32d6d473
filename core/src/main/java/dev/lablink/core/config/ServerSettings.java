package dev.lablink.core.config;

/**
 * {@code server.*}: where the allocator listens, the URL machines use to reach it, and the URL the
 * other allocators on its database use to reach it ({@code internal_url}, for tunnel streams that
 * arrive at one allocator for a machine whose tunnel ends on another).
 */
public record ServerSettings(Integer port, String publicUrl, String internalUrl) {
    public static final int DEFAULT_PORT = 8080;

    public ServerSettings {
        port = port == null ? DEFAULT_PORT : port;
    }

    public ServerSettings(Integer port, String publicUrl) {
        this(port, publicUrl, null);
    }

    /** The URL agents call: {@code public_url}, else this host's loopback on the port actually bound. */
    public String publicUrlFor(int boundPort) {
        if (publicUrl != null && !publicUrl.isBlank()) {
            return publicUrl.replaceFirst("/+$", "");
        }
        return "http://127.0.0.1:" + boundPort;
    }

    /** Whether {@code internal_url} was left out (then other allocators can reach this one only from the same host). */
    public boolean internalUrlUnset() {
        return internalUrl == null || internalUrl.isBlank();
    }

    /** The URL other allocators call: {@code internal_url}, else this host's loopback on the port actually bound. */
    public String internalUrlFor(int boundPort) {
        return internalUrlUnset() ? "http://127.0.0.1:" + boundPort : internalUrl.replaceFirst("/+$", "");
    }
}
