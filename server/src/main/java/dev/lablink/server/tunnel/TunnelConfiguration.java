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
        // the agents' control; each stream's data connection is a plain upgraded one (AgentStreamController, TunnelForwardController)
        registry.addHandler(new AgentTunnelHandler(tunnels), "/api/v1/agent/tunnel");
        // clients (lablink tunnel, ssh, port-forward), behind the admin API's door with seat tokens let in (see SecurityConfiguration)
        registry.addHandler(new ClientTunnelHandler(), "/api/v1/vms/*/tunnel")
                .addInterceptors(new ClientTunnelHandshake(callers, tunnels, events));
    }

    /**
     * Small buffers: the control's messages are a few hundred bytes, and the clients' tunnel takes its binary messages in parts
     * (ClientTunnelHandler), so no message need fit whole. The control sets its own idle limit, see AgentTunnelHandler.
     */
    @Bean
    ServletServerContainerFactoryBean webSocketContainer() {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        // Tomcat allocates both buffers for every session up front (text as chars: twice the bytes);
        // the control's messages are a few hundred bytes
        container.setMaxBinaryMessageBufferSize(8 * 1024);
        container.setMaxTextMessageBufferSize(8 * 1024);
        container.setMaxSessionIdleTimeout(0L);
        return container;
    }
}
