package dev.lablink.server.provisioning;

import dev.lablink.core.config.LabLinkConfig;
import java.net.URI;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** The URL machines use to reach this allocator: {@code server.public_url}, else loopback on the port actually bound. */
@Component
public class AllocatorUrl {
    private final LabLinkConfig config;
    private volatile int port;

    public AllocatorUrl(LabLinkConfig config) {
        this.config = config;
        this.port = config.server().port();
    }

    @EventListener
    void onWebServerStarted(WebServerInitializedEvent event) {
        port = event.getWebServer().getPort();
    }

    public URI get() {
        return URI.create(config.server().publicUrlFor(port));
    }

    public int port() {
        return port;
    }
}
