package dev.lablink.server.tunnel;

import dev.lablink.server.events.EventRepository;
import dev.lablink.server.machines.MachineRepository;
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
    private final MachineRepository machines;
    private final TunnelForwardingSecret forwardingSecret;
    private final TunnelCallers callers;
    private final EventRepository events;

    TunnelConfiguration(AgentTunnels tunnels, MachineRepository machines, TunnelForwardingSecret forwardingSecret, TunnelCallers callers,
                        EventRepository events) {
        this.tunnels = tunnels;
        this.machines = machines;
        this.forwardingSecret = forwardingSecret;
        this.callers = callers;
        this.events = events;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(new AgentTunnelHandler(tunnels), "/api/v1/agent/tunnel");
        registry.addHandler(new AgentStreamHandler(tunnels), "/api/v1/agent/tunnel/streams/*");
        // other allocators on this database, with their shared secret (checked here, not by a security chain)
        registry.addHandler(new TunnelForwardHandler(tunnels, machines), TunnelForwarder.PATH)
                .addInterceptors(TunnelForwardHandler.secretCheck(forwardingSecret));
        // clients (lablink tunnel, ssh, port-forward), behind the admin API's door with seat tokens let in (see SecurityConfiguration)
        registry.addHandler(new ClientTunnelHandler(), "/api/v1/vms/*/tunnel")
                .addInterceptors(new ClientTunnelHandshake(callers, tunnels, events));
    }

    /** A whole chunk fits one message; no idle limit here (data streams may be quiet for hours): the control WebSocket sets its own, see AgentTunnelHandler. */
    @Bean
    ServletServerContainerFactoryBean webSocketContainer() {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        container.setMaxBinaryMessageBufferSize(2 * AgentStream.CHUNK_BYTES);
        // Tomcat allocates both buffers for every session up front (text as chars: twice the bytes);
        // the tunnel's text messages are a few hundred bytes, and two sessions per stream at 64 KB of
        // text each made 1,000 streams hold 260 MB (bin/bench tunnel)
        container.setMaxTextMessageBufferSize(8 * 1024);
        container.setMaxSessionIdleTimeout(0L);
        return container;
    }
}
