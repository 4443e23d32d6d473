package dev.lablink.server.tunnel;

import dev.lablink.server.events.EventRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/** The agents' and the clients' tunnel endpoints (behind the machine-token door, see SecurityConfiguration) and the WebSocket container's limits. */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class TunnelConfiguration implements WebSocketConfigurer {
    private final AgentTunnels tunnels;
    private final TunnelCallers callers;
    private final EventRepository events;

    TunnelConfiguration(AgentTunnels tunnels, TunnelCallers callers, EventRepository events) {
        this.tunnels = tunnels;
        this.callers = callers;
        this.events = events;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(new AgentTunnelHandler(tunnels), "/api/v1/agent/tunnel");
        registry.addHandler(new AgentStreamHandler(tunnels), "/api/v1/agent/tunnel/streams/*");
        // clients (lablink tunnel, ssh, port-forward), behind the admin API's door with seat tokens let in (see SecurityConfiguration)
        registry.addHandler(new ClientTunnelHandler(), "/api/v1/vms/*/tunnel")
                .addInterceptors(new ClientTunnelHandshake(callers, tunnels, events));
    }

    /** A whole chunk fits one message; the agents ping every 20 s, so a minute of silence means the tunnel is dead. */
    @Bean
    ServletServerContainerFactoryBean webSocketContainer() {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        container.setMaxBinaryMessageBufferSize(2 * AgentStream.CHUNK_BYTES);
        container.setMaxTextMessageBufferSize(64 * 1024);
        container.setMaxSessionIdleTimeout(0L);
        return container;
    }
}
