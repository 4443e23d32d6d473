package dev.lablink.server.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.lablink.server.OwnAllocatorTestBase;
import dev.lablink.server.RunningAgent;
import dev.lablink.server.TestAllocator;
import dev.lablink.server.machines.Machine;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Streams to a machine's declared ports through its agent's outbound tunnel; nothing connects to the machine from outside. */
class AgentTunnelTest extends OwnAllocatorTestBase {
    @TempDir
    static Path dataDir;
    static ServerSocket echo;
    static ServerSocket sink;
    static ServerSocket greeter;
    static int silentPort;
    static final AtomicLong sunk = new AtomicLong();

    @BeforeAll
    static void start() throws IOException {
        echo = new ServerSocket(0);
        sink = new ServerSocket(0);
        greeter = new ServerSocket(0);
        try (ServerSocket free = new ServerSocket(0)) {
            silentPort = free.getLocalPort();
        }
        Thread.ofVirtual().start(() -> serve(echo, AgentTunnelTest::echoBack));
        Thread.ofVirtual().start(() -> serve(sink, AgentTunnelTest::slowlyRead));
        Thread.ofVirtual().start(() -> serve(greeter, AgentTunnelTest::greet));
        allocator = TestAllocator.start(dataDir, """
                session:
                  apps:
                    - {name: echo, port: %d}
                    - {name: sink, port: %d}
                    - {name: silent, port: %d}
                    - {name: greeter, port: %d}
                """.formatted(echo.getLocalPort(), sink.getLocalPort(), silentPort, greeter.getLocalPort()));
    }

    @AfterAll
    static void closeServers() throws IOException {
        echo.close();
        sink.close();
        greeter.close();
    }

    @Test
    void theStreamEndsWhenThePortClosesAndMegabytesGoThereAndBackIntact(@TempDir Path machineDir) throws Exception {
        try (RunningAgent agent = RunningAgent.onNewMachine(allocator, machineDir)) {
            Machine machine = agent.machine(allocator);
            AgentTunnels tunnels = allocator.context.getBean(AgentTunnels.class);
            await().atMost(Duration.ofSeconds(20)).until(() -> tunnels.isConnected(machine.id()));

            try (TunnelStream greeting = tunnels.open(machine, greeter.getLocalPort(), "admin:admin")) {
                assertThat(new String(greeting.input().readAllBytes(), StandardCharsets.UTF_8)).as("all it said, then the end").isEqualTo("hello\n");
            }
            try (TunnelStream stream = tunnels.open(machine, echo.getLocalPort(), "admin:admin")) {
                byte[] big = new byte[3 * 1024 * 1024];
                new java.util.Random(7).nextBytes(big);
                Thread writer = Thread.ofVirtual().start(() -> {
                    try {
                        stream.output().write(big);
                        stream.output().flush();
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                assertThat(sha256(stream.input().readNBytes(big.length))).isEqualTo(sha256(big));
                writer.join();
            }
        }
    }

    @Test
    void anUndeclaredPortIsRefusedByTheAllocatorAndAPortWithNothingOnItByTheAgentBothAsEvents(@TempDir Path machineDir) throws Exception {
        try (RunningAgent agent = RunningAgent.onNewMachine(allocator, machineDir)) {
            Machine machine = agent.machine(allocator);
            AgentTunnels tunnels = allocator.context.getBean(AgentTunnels.class);
            await().atMost(Duration.ofSeconds(20)).until(() -> tunnels.isConnected(machine.id()));

            assertThatThrownBy(() -> tunnels.open(machine, 5432, "participant:ada@example.org"))
                    .isInstanceOfSatisfying(TunnelUnavailableException.class, e -> assertThat(e.reason()).isEqualTo(TunnelUnavailableException.Reason.PORT_NOT_DECLARED))
                    .hasMessageContaining("port 5432 is not one the session declared");
            assertThatThrownBy(() -> tunnels.open(machine, silentPort, "participant:ada@example.org"))
                    .isInstanceOfSatisfying(TunnelUnavailableException.class, e -> assertThat(e.reason()).isEqualTo(TunnelUnavailableException.Reason.REFUSED))
                    .hasMessageContaining("nothing answers on port " + silentPort);

            assertThat(allocator.jdbc.sql("SELECT actor || ': ' || message FROM events WHERE type = 'TUNNEL_REFUSED' ORDER BY id").query(String.class).list())
                    .hasSize(2)
                    .satisfiesExactly(
                            first -> assertThat(first).startsWith("participant:ada@example.org: port 5432"),
                            second -> assertThat(second).startsWith("agent:" + machine.name() + ": ").contains("nothing answers on port " + silentPort));
        }
    }

    @Test
    void aSlowReaderHoldsTheWriterBackInsteadOfFillingMemory(@TempDir Path machineDir) throws Exception {
        try (RunningAgent agent = RunningAgent.onNewMachine(allocator, machineDir)) {
            Machine machine = agent.machine(allocator);
            AgentTunnels tunnels = allocator.context.getBean(AgentTunnels.class);
            await().atMost(Duration.ofSeconds(20)).until(() -> tunnels.isConnected(machine.id()));
            sunk.set(0);
            try (TunnelStream stream = tunnels.open(machine, sink.getLocalPort(), "admin:admin")) {
                AtomicLong written = new AtomicLong();
                Thread writer = Thread.ofVirtual().start(() -> {
                    byte[] chunk = new byte[64 * 1024];
                    try {
                        while (true) {
                            stream.output().write(chunk);
                            written.addAndGet(chunk.length);
                        }
                    } catch (IOException ended) {
                        // closed below
                    }
                });
                Thread.sleep(1500);
                // the sink reads 64 KB per 100 ms; whatever was written beyond that waits in socket buffers, not in the allocator
                long ahead = written.get() - sunk.get();
                assertThat(ahead).as("bytes written but not yet read").isLessThan(16L * 1024 * 1024);
                assertThat(writer.isAlive()).as("the writer is held back").isTrue();
            }
        }
    }

    private static void serve(ServerSocket server, java.util.function.Consumer<Socket> handler) {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread.ofVirtual().start(() -> handler.accept(socket));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private static void echoBack(Socket socket) {
        try (socket) {
            socket.getInputStream().transferTo(socket.getOutputStream());
        } catch (IOException ignored) {
            // the stream was closed
        }
    }

    private static void greet(Socket socket) {
        try (socket) {
            socket.getOutputStream().write("hello\n".getBytes(StandardCharsets.UTF_8));
        } catch (IOException ignored) {
            // the stream was closed
        }
    }

    private static String sha256(byte[] data) throws java.security.NoSuchAlgorithmException {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(data));
    }

    private static void slowlyRead(Socket socket) {
        try (socket; InputStream in = socket.getInputStream()) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                sunk.addAndGet(n);
                Thread.sleep(100);
            }
        } catch (IOException | InterruptedException ignored) {
            // closed
        }
    }
}
