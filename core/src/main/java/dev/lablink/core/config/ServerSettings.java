package dev.lablink.core.config;

/** {@code server.*}: where the allocator listens and the URL machines use to reach it. */
public record ServerSettings(Integer port, String publicUrl) {
    public static final int DEFAULT_PORT = 8080;

    public ServerSettings {
        port = port == null ? DEFAULT_PORT : port;
    }

    /** The URL agents call: {@code public_url}, else this host's loopback on the port actually bound. */
    public String publicUrlFor(int boundPort) {
        if (publicUrl != null && !publicUrl.isBlank()) {
            return publicUrl.replaceFirst("/+$", "");
        }
        return "http://127.0.0.1:" + boundPort;
    }
}
