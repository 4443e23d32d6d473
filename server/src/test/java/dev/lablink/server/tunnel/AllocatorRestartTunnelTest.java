package dev.lablink.server.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lablink.server.RunningAgent;
import dev.lablink.server.TestAllocator;
import dev.lablink.server.machines.Machine;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The allocator goes away in the middle of a stream and comes back on the same data dir and port: the
 * stream ends on the machine's side (its connection to the port closed, nothing left copying), the
 * agent opens its tunnel again by itself, and a new stream works.
 */
class AllocatorRestartTunnelTest {
    @TempDir
    Path dataDir;
    @TempDir
    Path machineDir;

    private ServerSocket echo;
    private final AtomicInteger connectionsOpen = new AtomicInteger();
    private TestAllocator allocator;

    @AfterEach
    void stop() throws IOException {
        if (allocator != null) {
            allocator.reset();
            allocator.stop();
        }
        if (echo != null) {
            echo.close();
        }
    }

    private String yaml() {
        return "session:\n  apps:\n    - {name: echo, port: %d}\n".formatted(echo.getLocalPort());
    }

    @Test
    void aStreamCutByTheAllocatorGoingAwayEndsOnTheMachineAndTheNextOneWorksAfterTheRestart() throws Exception {
        echo = new ServerSocket(0);
        Thread.ofVirtual().start(this::serveEcho);
        allocator = TestAllocator.start(dataDir, yaml(), 0);
        int port = allocator.port;

        try (RunningAgent agent = RunningAgent.onNewMachine(allocator, machineDir)) {
            Machine machine = agent.machine(allocator);
            AgentTunnels tunnels = allocator.context.getBean(AgentTunnels.class);
            await().atMost(Duration.ofSeconds(20)).until(() -> tunnels.isConnected(machine.id()));

            TunnelStream cut = tunnels.open(machine, echo.getLocalPort(), "admin:admin");
            assertThat(roundTrip(cut, "before")).isEqualTo("before");
            assertThat(connectionsOpen.get()).as("the port's connections while the stream is open").isEqualTo(1);
            assertThat(agent.openTunnelStreams()).isEqualTo(1);

            allocator.stop();
            allocator = null;
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(connectionsOpen.get()).as("the port's connection is closed by the agent").isZero();
                assertThat(agent.openTunnelStreams()).as("streams the agent still copies").isZero();
            });

            allocator = TestAllocator.start(dataDir, yaml(), port);
            AgentTunnels restarted = allocator.context.getBean(AgentTunnels.class);
            // the agent's backoff tops out at 10 s: it is back well within this
            await().atMost(Duration.ofSeconds(30)).until(() -> restarted.isConnected(machine.id()));
            try (TunnelStream next = restarted.open(machine, echo.getLocalPort(), "admin:admin")) {
                assertThat(roundTrip(next, "after the restart")).isEqualTo("after the restart");
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> agent.openTunnelStreams() == 0 && connectionsOpen.get() == 0);
        }
    }

    private static String roundTrip(TunnelStream stream, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        stream.output().write(bytes);
        stream.output().flush();
        return new String(stream.input().readNBytes(bytes.length), StandardCharsets.UTF_8);
    }

    private void serveEcho() {
        while (!echo.isClosed()) {
            try {
                Socket socket = echo.accept();
                connectionsOpen.incrementAndGet();
                Thread.ofVirtual().start(() -> {
                    try (socket) {
                        socket.getInputStream().transferTo(socket.getOutputStream());
                    } catch (IOException ignored) {
                        // the agent closed it
                    } finally {
                        connectionsOpen.decrementAndGet();
                    }
                });
            } catch (IOException closed) {
                return;
            }
        }
    }
}
