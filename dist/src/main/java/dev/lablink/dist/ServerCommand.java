package dev.lablink.dist;

import dev.lablink.core.config.ConfigLoader;
import dev.lablink.core.config.LabLinkConfig;
import dev.lablink.core.config.ServerSettings;
import dev.lablink.server.LabLinkServer;
import dev.lablink.server.datadir.DataDirInUseException;
import dev.lablink.server.datadir.DataDirLock;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import org.springframework.context.ConfigurableApplicationContext;

/** {@code lablink server}: the allocator, on the embedded defaults unless a config says otherwise. */
@Command(name = "server", description = "Start the allocator (embedded PostgreSQL and the local provider by default).",
        mixinStandardHelpOptions = true)
class ServerCommand implements Callable<Integer> {
    /** Returned when the server runs on after main returns; the JVM stays up on the server's threads. */
    static final int KEEP_RUNNING = -1;

    @Option(names = "--config", defaultValue = "${env:LABLINK_CONFIG}", description = "lablink.yaml to use (env LABLINK_CONFIG).")
    Path config;

    @Option(names = "--data-dir", description = "Where data is kept (default: data_dir from config, else ~/.lablink).")
    String dataDir;

    @Option(names = "--port", description = "Port to listen on (default: server.port from config, else 8080).")
    Integer port;

    @Override
    public Integer call() {
        LabLinkConfig loaded = new ConfigLoader().load(config, System.getenv());
        if (dataDir != null) {
            loaded = loaded.withDataDir(dataDir);
        }
        if (port != null) {
            loaded = loaded.withServer(new ServerSettings(port, loaded.server().publicUrl(), loaded.server().internalUrl()));
        }
        DataDirLock lock;
        try {
            lock = LabLinkServer.lockDataDir(loaded);
        } catch (DataDirInUseException e) {
            System.err.println("lablink: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) { // say, a data dir it may not write
            System.err.println("lablink: the allocator could not start: " + e.getMessage());
            return 1;
        }
        System.out.println("Starting LabLink allocator (provider " + loaded.provider() + ", data in " + loaded.dataDirPath() + ")...");
        ConfigurableApplicationContext context;
        try {
            context = LabLinkServer.start(loaded, lock);
        } catch (RuntimeException e) {
            System.err.println("lablink: the allocator could not start: " + rootMessage(e));
            return 1;
        }
        System.out.println("LabLink allocator listening on http://localhost:" + LabLinkServer.port(context)
                + "  (API docs: /api/v1/docs; stop with Ctrl-C)");
        return KEEP_RUNNING;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
