package dev.lablink.bench;

import dev.lablink.core.config.ConfigLoader;
import dev.lablink.core.config.LabLinkConfig;
import dev.lablink.server.LabLinkServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * The allocator as its own process, started by {@link AllocatorProcess} on the benchmark's
 * classpath from a lablink.yaml, like {@code lablink server --config}. Prints the port it bound.
 */
public final class AllocatorMain {
    static final String LISTENING = "LISTENING ";

    private AllocatorMain() {
    }

    public static void main(String[] args) {
        LabLinkConfig config = new ConfigLoader().load(Path.of(args[0]), System.getenv());
        var context = LabLinkServer.start(config);
        System.out.println(LISTENING + LabLinkServer.port(context));
        System.out.flush();
        // The benchmark never writes to our stdin; end of input means it has gone, so do we.
        Thread.ofPlatform().daemon().start(() -> {
            try {
                System.in.transferTo(OutputStream.nullOutputStream());
            } catch (IOException e) {
                // gone all the same
            }
            context.close();
            System.exit(0);
        });
    }
}
