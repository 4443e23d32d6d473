package dev.lablink.server;

import dev.lablink.core.config.LabLinkConfig;
import dev.lablink.server.provisioning.AllocatorUrl;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts the allocator for a loaded {@link LabLinkConfig}. */
public final class LabLinkServer {
    private LabLinkServer() {
    }

    public static ConfigurableApplicationContext start(LabLinkConfig config) {
        SpringApplication application = new SpringApplication(LabLinkApplication.class);
        application.setDefaultProperties(Map.of(
                "server.port", String.valueOf(config.server().port()),
                "spring.config.name", "lablink-server"));
        application.addInitializers(context -> context.getBeanFactory().registerSingleton("labLinkConfig", config));
        return application.run();
    }

    /** The port the allocator bound (useful when the config asked for port 0). */
    public static int port(ConfigurableApplicationContext context) {
        return context.getBean(AllocatorUrl.class).port();
    }
}
