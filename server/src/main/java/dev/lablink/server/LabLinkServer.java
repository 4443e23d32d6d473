package dev.lablink.server;

import dev.lablink.core.config.LabLinkConfig;
import dev.lablink.server.datadir.DataDirLock;
import dev.lablink.server.provisioning.AllocatorUrl;
import java.util.Map;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts the allocator for a loaded {@link LabLinkConfig}. */
public final class LabLinkServer {
    static {
        VirtualThreadCarriers.configure(); // before the allocator makes its first virtual thread
    }

    private LabLinkServer() {
    }

    /**
     * Locks the data dir first, so that nothing of another allocator on it is touched.
     *
     * @throws dev.lablink.server.datadir.DataDirInUseException when another allocator uses it
     */
    public static ConfigurableApplicationContext start(LabLinkConfig config) {
        return start(config, lockDataDir(config));
    }

    /** The data dir's lock, for callers that report a data dir in use before saying anything else. */
    public static DataDirLock lockDataDir(LabLinkConfig config) {
        return DataDirLock.acquire(config.dataDirPath(), config.server().port());
    }

    /** Starts on a data dir already locked; the lock is let go when the context closes (or fails to start). */
    public static ConfigurableApplicationContext start(LabLinkConfig config, DataDirLock lock) {
        SpringApplication application = new SpringApplication(LabLinkApplication.class);
        application.setDefaultProperties(Map.of(
                "server.port", String.valueOf(config.server().port()),
                "spring.config.name", "lablink-server"));
        application.addInitializers(context -> {
            DefaultListableBeanFactory beans = (DefaultListableBeanFactory) context.getBeanFactory();
            beans.registerSingleton("labLinkConfig", config);
            // Registered first, so destroyed last: after the embedded PostgreSQL has stopped.
            beans.registerSingleton("dataDirLock", lock);
            beans.registerDisposableBean("dataDirLock", lock::close);
        });
        ConfigurableApplicationContext context;
        try {
            context = application.run();
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
        lock.recordPort(port(context));
        StartupWarmUp.run(port(context));
        return context;
    }

    /** The port the allocator bound (useful when the config asked for port 0). */
    public static int port(ConfigurableApplicationContext context) {
        return context.getBean(AllocatorUrl.class).port();
    }
}
