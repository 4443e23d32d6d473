package dev.lablink.server.apps;

import dev.lablink.server.tunnel.TunnelStreams;
import java.util.Map;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@link AppProxyServlet} at {@code /m/*}, beside Spring MVC's dispatcher. */
@Configuration(proxyBeanMethods = false)
class AppProxyConfiguration {
    @Bean
    ServletRegistrationBean<AppProxyServlet> appProxy(AppAccess access, TunnelStreams tunnels, TunnelSockets sockets, AppOpenings openings,
                                                      WebSocketPassThrough webSockets) {
        var registration = new ServletRegistrationBean<>(new AppProxyServlet(access, tunnels, sockets, openings, webSockets), "/m/*");
        registration.setName("appProxy");
        registration.setAsyncSupported(true);
        registration.setLoadOnStartup(1);
        registration.setInitParameters(Map.of(
                // the app sees the allocator's address, so links it writes out point back through the proxy
                "preserveHost", "true",
                // no limit on a whole exchange (long polls, big downloads); a silent connection still times out
                "timeout", "0",
                "idleTimeout", "120000",
                // the client's own pool (Tomcat's is not Jetty's); it runs the selectors and callbacks, not the copying
                "maxThreads", "128"));
        return registration;
    }
}
