package dev.lablink.server.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.lablink.server.RunningAgent;
import dev.lablink.server.TestAllocator;
import dev.lablink.server.machines.Machine;
import dev.lablink.server.machines.MachineRepository;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two allocators on one database, the machine's agent connected to the first: a stream asked of the
 * second is forwarded to the first and works both ways, refusals keep their reason, a dead
 * allocator's rows send nothing into the void, and the forwarding endpoint wants the shared secret
 * and the upgrade to a plain byte stream.
 */
class TwoAllocatorsTunnelTest {
    @TempDir
    static Path dirs;
    static EmbeddedPostgres database;
    static ServerSocket echo;
    static ServerSocket greeter;
    static int silentPort;
    static TestAllocator first;
    static TestAllocator second;

    @BeforeAll
    static void start() throws Exception {
        echo = new ServerSocket(0);
        greeter = new ServerSocket(0);
        try (ServerSocket free = new ServerSocket(0)) {
            silentPort = free.getLocalPort();
        }
        Thread.ofVirtual().start(() -> serve(echo, TwoAllocatorsTunnelTest::echoBack));
        Thread.ofVirtual().start(() -> serve(greeter, TwoAllocatorsTunnelTest::greet));
        database = EmbeddedPostgres.builder().setDataDirectory(dirs.resolve("pg")).start();
        String yaml = """
                db: {url: "%s", user: postgres, password: postgres}
                session:
                  apps:
                    - {name: echo, port: %d}
                    - {name: greeter, port: %d}
                    - {name: silent, port: %d}
                """.formatted(database.getJdbcUrl("postgres", "postgres"), echo.getLocalPort(), greeter.getLocalPort(), silentPort);
        first = TestAllocator.start(dirs.resolve("first"), yaml);
        second = TestAllocator.start(dirs.resolve("second"), yaml);
    }

    @AfterAll
    static void stop() throws IOException {
        for (TestAllocator allocator : new TestAllocator[] {second, first}) {
            if (allocator != null) {
                allocator.reset();
                allocator.stop();
            }
        }
        if (database != null) {
            database.close();
        }
        echo.close();
        greeter.close();
    }

    @Test
    void aStreamAskedOfTheOtherAllocatorIsForwardedToTheOneHoldingTheTunnel(@TempDir Path machineDir) throws Exception {
        try (RunningAgent agent = RunningAgent.onNewMachine(first, machineDir)) {
            Machine machine = agent.machine(first);
            AgentTunnels viaSecond = second.context.getBean(AgentTunnels.class);
            await().atMost(Duration.ofSeconds(20)).until(() -> viaSecond.isConnected(machine.id()));

            try (TunnelStream stream = viaSecond.open(machine, echo.getLocalPort(), "admin:admin")) {
                byte[] big = new byte[2 * 1024 * 1024];
                new Random(11).nextBytes(big);
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
            try (TunnelStream greeting = viaSecond.open(machine, greeter.getLocalPort(), "admin:admin")) {
                assertThat(new String(greeting.input().readAllBytes(), StandardCharsets.UTF_8)).as("all it said, then the end").isEqualTo("hello\n");
            }
            assertThatThrownBy(() -> viaSecond.open(machine, silentPort, "participant:ada@example.org"))
                    .isInstanceOfSatisfying(TunnelUnavailableException.class, e -> assertThat(e.reason()).isEqualTo(TunnelUnavailableException.Reason.REFUSED))
                    .hasMessageContaining("nothing answers on port " + silentPort);
            assertThatThrownBy(() -> viaSecond.open(machine, 5432, "participant:ada@example.org"))
                    .isInstanceOfSatisfying(TunnelUnavailableException.class, e -> assertThat(e.reason()).isEqualTo(TunnelUnavailableException.Reason.PORT_NOT_DECLARED));
        }
        // the agent stopped: its tunnel's row went with it
        Machine gone = first.context.getBean(MachineRepository.class).findByName(first.jdbc.sql("SELECT name FROM machines ORDER BY id DESC LIMIT 1")
                .query(String.class).single()).orElseThrow();
        await().atMost(Duration.ofSeconds(20)).until(() -> !second.context.getBean(AgentTunnels.class).isConnected(gone.id()));
    }

    @Test
    void theRowsOfAnAllocatorThatStoppedRenewingThemAreNotBelieved() throws Exception {
        first.insertReadyMachines(1);
        Machine machine = first.context.getBean(MachineRepository.class)
                .findByName(first.jdbc.sql("SELECT name FROM machines ORDER BY id DESC LIMIT 1").query(String.class).single()).orElseThrow();
        // what kill -9 leaves: an allocator row nobody renews, and the tunnel it held
        UUID dead = UUID.randomUUID();
        first.jdbc.sql("INSERT INTO allocators (id, internal_url, host, seen_at) VALUES (:id, 'http://127.0.0.1:9', 'gone', now() - interval '1 minute')")
                .param("id", dead).update();
        first.jdbc.sql("INSERT INTO machine_tunnels (machine_id, allocator_id) VALUES (:machine, :id)").param("machine", machine.id()).param("id", dead).update();

        AgentTunnels viaSecond = second.context.getBean(AgentTunnels.class);
        assertThat(viaSecond.isConnected(machine.id())).isFalse();
        assertThatThrownBy(() -> viaSecond.open(machine, echo.getLocalPort(), "admin:admin"))
                .isInstanceOfSatisfying(TunnelUnavailableException.class, e -> assertThat(e.reason()).isEqualTo(TunnelUnavailableException.Reason.NO_TUNNEL))
                .hasMessageContaining("has no tunnel open");
    }

    @Test
    void theForwardingEndpointWantsTheAllocatorsSharedSecretAndTheUpgrade() throws IOException {
        String target = TunnelForwarder.PATH + "?machine=1&port=" + echo.getLocalPort() + "&actor=x";
        String upgrade = "Connection: Upgrade\r\nUpgrade: lablink-stream\r\n";
        assertThat(statusOf(target, upgrade)).as("no secret").isEqualTo(403);
        assertThat(statusOf(target, upgrade + "Authorization: Bearer not-the-secret\r\n")).as("a wrong secret").isEqualTo(403);
        String secret = second.context.getBean(TunnelForwardingSecret.class).get();
        assertThat(statusOf(target, "Authorization: Bearer " + secret + "\r\n")).as("the secret, without the upgrade").isEqualTo(426);
    }

    private static int statusOf(String target, String headers) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", second.port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            String statusLine = new String(socket.getInputStream().readNBytes(12), StandardCharsets.ISO_8859_1);
            return Integer.parseInt(statusLine.substring(9, 12));
        }
    }

    private static void serve(ServerSocket server, Consumer<Socket> handler) {
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

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
