package dev.lablink.server.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lablink.agent.Agent;
import dev.lablink.agent.AgentSettings;
import dev.lablink.server.RunningAgent;
import dev.lablink.server.TestAllocator;
import dev.lablink.server.machines.Machine;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
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
 * agent opens its tunnel again by itself, and a new stream works. And the way {@code kill -9} or a
 * vanished host looks to the agent: every connection cut at once, without a WebSocket close.
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

    @Test
    void connectionsCutWithoutAWordEndTheStreamOnBothSidesAndTheAgentComesBack() throws Exception {
        echo = new ServerSocket(0);
        Thread.ofVirtual().start(this::serveEcho);
        allocator = TestAllocator.start(dataDir, yaml(), 0);
        String token = allocator.insertReadyMachines(1).getFirst();
        String name = allocator.jdbc.sql("SELECT name FROM machines ORDER BY id DESC LIMIT 1").query(String.class).single();
        Machine machine = allocator.context.getBean(dev.lablink.server.machines.MachineRepository.class).findByName(name).orElseThrow();
        AgentTunnels tunnels = allocator.context.getBean(AgentTunnels.class);

        try (CuttableLink link = new CuttableLink(allocator.port)) {
            Agent agent = new Agent(new AgentSettings(URI.create("http://127.0.0.1:" + link.port() + "/"), token, name, machineDir, Duration.ofSeconds(2),
                    machineDir.resolve("no-nvidia-smi").toString(), machineDir.resolve("no-start-host").toString()));
            Thread running = Thread.ofVirtual().start(agent::runUntilStopped);
            try {
                await().atMost(Duration.ofSeconds(20)).until(() -> tunnels.isConnected(machine.id()));
                TunnelStream cut = tunnels.open(machine, echo.getLocalPort(), "admin:admin");
                assertThat(roundTrip(cut, "before")).isEqualTo("before");

                link.cut();
                assertThat(cut.input().read()).as("the caller's end of the stream ends").isEqualTo(-1);
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                    assertThat(connectionsOpen.get()).as("the port's connection is closed by the agent").isZero();
                    assertThat(agent.openTunnelStreams()).as("streams the agent still copies").isZero();
                });

                link.resume();
                await().atMost(Duration.ofSeconds(30)).until(() -> tunnels.isConnected(machine.id()));
                try (TunnelStream next = tunnels.open(machine, echo.getLocalPort(), "admin:admin")) {
                    assertThat(roundTrip(next, "after the cut")).isEqualTo("after the cut");
                }
            } finally {
                agent.stop();
                running.join(Duration.ofSeconds(10));
            }
        }
    }

    /** A TCP relay to the allocator that can drop every connection with a reset and refuse new ones, then accept again on the same port. */
    private static final class CuttableLink implements AutoCloseable {
        private final int target;
        private final java.util.Set<Socket> sockets = java.util.concurrent.ConcurrentHashMap.newKeySet();
        private volatile ServerSocket server;

        CuttableLink(int target) throws IOException {
            this.target = target;
            listen(new ServerSocket(0));
        }

        int port() {
            return server.getLocalPort();
        }

        private void listen(ServerSocket listening) {
            server = listening;
            Thread.ofVirtual().start(() -> {
                while (!listening.isClosed()) {
                    try {
                        Socket agentSide = listening.accept();
                        Socket allocatorSide = new Socket("127.0.0.1", target);
                        sockets.add(agentSide);
                        sockets.add(allocatorSide);
                        Thread.ofVirtual().start(() -> relay(agentSide, allocatorSide));
                        Thread.ofVirtual().start(() -> relay(allocatorSide, agentSide));
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
        }

        private static void relay(Socket from, Socket to) {
            try {
                from.getInputStream().transferTo(to.getOutputStream());
                to.shutdownOutput();
            } catch (IOException ignored) {
                // cut
            }
        }

        void cut() throws IOException {
            int port = port();
            server.close();
            for (Socket socket : sockets) {
                try {
                    socket.setSoLinger(true, 0); // a reset, no FIN, no WebSocket close
                    socket.close();
                } catch (IOException ignored) {
                    // already gone
                }
            }
            sockets.clear();
            this.cutPort = port;
        }

        private int cutPort;

        void resume() throws IOException {
            ServerSocket again = new ServerSocket();
            again.setReuseAddress(true);
            again.bind(new java.net.InetSocketAddress(cutPort));
            listen(again);
        }

        @Override
        public void close() throws IOException {
            cut();
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
