package dev.lablink.server.apps;

import dev.lablink.core.config.LabLinkConfig;
import dev.lablink.server.machines.Machine;
import dev.lablink.server.tunnel.TunnelStream;
import dev.lablink.server.tunnel.TunnelStreams;
import dev.lablink.server.tunnel.TunnelUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The app proxy's way to a machine's port: a Unix domain socket per (machine, port) in the
 * owner-only {@code <data_dir>/run/tunnels/}, each connection accepted there piped to a fresh
 * {@link TunnelStream}. So any HTTP client that speaks to a Unix socket (Jetty's, in
 * {@link AppProxyServlet}) reaches the app through the tunnel with its own keep-alive pool: one
 * pooled connection is one long-lived stream, and a request on it costs no new stream. The bytes
 * are counted per machine on the way ({@link MachineTraffic}).
 */
@Component
public class TunnelSockets implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(TunnelSockets.class);
    /** A Unix socket's path must fit in 108 bytes (sun_path); a deep data dir falls back to a temp dir. */
    private static final int MAX_SOCKET_PATH = 100;
    private final Path configuredDir;
    private volatile Path dir;
    private final TunnelStreams tunnels;
    private final MachineTraffic traffic;
    private final Map<String, ServerSocketChannel> listening = new ConcurrentHashMap<>();

    public TunnelSockets(LabLinkConfig config, TunnelStreams tunnels, MachineTraffic traffic) {
        this.configuredDir = config.dataDirPath().toAbsolutePath().resolve("run").resolve("tunnels");
        this.tunnels = tunnels;
        this.traffic = traffic;
    }

    /** The socket that leads to {@code port} on {@code machine}, listening from the first call on. */
    public Path socketFor(Machine machine, int port) throws IOException {
        String name = machine.id() + "-" + port + ".sock";
        Path socket = directory().resolve(name);
        if (!listening.containsKey(name)) {
            synchronized (this) {
                if (!listening.containsKey(name)) {
                    listening.put(name, listen(socket, machine, port));
                }
            }
        }
        return socket;
    }

    /** Made owner-only on first use: whoever can connect to a socket there reaches the machine's app. */
    private synchronized Path directory() throws IOException {
        if (dir == null) {
            Path chosen = configuredDir;
            if (chosen.resolve("000000000-65535.sock").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_SOCKET_PATH) {
                chosen = Files.createTempDirectory("lablink-tunnels-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                log.info("the data dir's path is too long for Unix sockets; the app proxy's sockets are in {}", chosen);
            } else {
                Files.createDirectories(chosen);
                Files.setPosixFilePermissions(chosen.getParent(), PosixFilePermissions.fromString("rwx------"));
            }
            Files.setPosixFilePermissions(chosen, PosixFilePermissions.fromString("rwx------"));
            dir = chosen;
        }
        return dir;
    }

    private ServerSocketChannel listen(Path socket, Machine machine, int port) throws IOException {
        Files.deleteIfExists(socket); // left by an allocator that was killed
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread.ofVirtual().name("tunnel-socket-" + machine.name() + "-" + port).start(() -> accept(server, machine, port));
        return server;
    }

    private void accept(ServerSocketChannel server, Machine machine, int port) {
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                Thread.ofVirtual().start(() -> forward(client, machine, port));
            } catch (IOException e) {
                return; // closed at shutdown
            }
        }
    }

    private void forward(SocketChannel client, Machine machine, int port) {
        try (client; TunnelStream stream = tunnels.open(machine, port, "allocator:app-proxy")) {
            Thread upstream = Thread.ofVirtual().start(() -> {
                copy(Channels.newInputStream(client), stream.output(), machine.id());
                stream.close(); // the proxy closed its connection: end the stream to the app too
            });
            copy(stream.input(), Channels.newOutputStream(client), machine.id());
            client.close(); // the app closed: the proxy sees its connection end
            upstream.join();
        } catch (TunnelUnavailableException e) {
            log.debug("no stream to {} port {}: {}", machine.name(), port, e.getMessage()); // the proxy answers 502
        } catch (IOException | InterruptedException e) {
            log.debug("stream to {} port {} ended: {}", machine.name(), port, e.getMessage());
        }
    }

    /** Copies until either end closes, flushing each chunk so an interactive app answers at once. */
    void copy(InputStream from, OutputStream to, long machineId) {
        byte[] buffer = new byte[64 * 1024];
        try {
            int read;
            while ((read = from.read(buffer)) >= 0) {
                to.write(buffer, 0, read);
                to.flush();
                traffic.add(machineId, read);
            }
        } catch (IOException e) {
            // one side ended; the caller closes the other
        }
    }

    @Override
    public void destroy() {
        listening.forEach((name, server) -> {
            try {
                server.close();
                if (dir != null) {
                    Files.deleteIfExists(dir.resolve(name));
                }
            } catch (IOException ignored) {
                // best effort at shutdown
            }
        });
    }
}
