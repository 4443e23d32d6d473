package dev.lablink.server.tunnel;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/** The agents' tunnel endpoints (behind the machine-token door, see SecurityConfiguration) and the WebSocket container's limits. */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class TunnelConfiguration implements WebSocketConfigurer {
    private final AgentTunnels tunnels;

    TunnelConfiguration(AgentTunnels tunnels) {
        this.tunnels = tunnels;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        // only the control: each stream's data connection is a plain upgraded one (AgentStreamController, TunnelForwardController)
        registry.addHandler(new AgentTunnelHandler(tunnels), "/api/v1/agent/tunnel");
    }

    /** Only the control WebSocket is one: small messages, so small buffers; it sets its own idle limit, see AgentTunnelHandler. */
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
