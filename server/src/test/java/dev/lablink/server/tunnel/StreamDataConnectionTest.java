package dev.lablink.server.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lablink.server.OwnAllocatorTestBase;
import dev.lablink.server.TestAllocator;
import dev.lablink.server.machines.Machine;
import dev.lablink.server.machines.MachineRepository;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stream's data connection is an HTTP upgrade to a plain byte stream, and only the machine that
 * was asked, naming the stream it was asked for, gets it: here the test is that machine's agent,
 * holding its control WebSocket by hand. Refused connections leave the stream waiting for the
 * right one, which then carries bytes both ways as they are.
 */
class StreamDataConnectionTest extends OwnAllocatorTestBase {
    @TempDir
    static Path dataDir;
    static ServerSocket app;

    @BeforeAll
    static void start() throws IOException {
        app = new ServerSocket(0);
        allocator = TestAllocator.start(dataDir, "session:\n  apps:\n    - {name: app, port: %d}\n".formatted(app.getLocalPort()));
    }

    @AfterAll
    static void closeApp() throws IOException {
        app.close();
    }

    @Test
    void onlyTheAskedMachineWithTheUpgradeGetsTheStreamAndThenBytesPassAsTheyAre() throws Exception {
        List<String> tokens = allocator.insertReadyMachines(2);
        List<String> names = allocator.jdbc.sql("SELECT name FROM machines ORDER BY id").query(String.class).list();
        Machine machine = allocator.context.getBean(MachineRepository.class).findByName(names.get(0)).orElseThrow();
        String token = tokens.get(0);
        String otherMachinesToken = tokens.get(1);
        AgentTunnels tunnels = allocator.context.getBean(AgentTunnels.class);

        CompletableFuture<String> asked = new CompletableFuture<>();
        WebSocket control = HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", "Bearer " + token)
                .buildAsync(URI.create("ws://127.0.0.1:" + allocator.port + "/api/v1/agent/tunnel"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        asked.complete(String.valueOf(JsonMapper.builder().build().readValue(data.toString(), Map.class).get("stream")));
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> tunnels.isConnected(machine.id()));
            CompletableFuture<TunnelStream> opened = CompletableFuture.supplyAsync(() -> {
                try {
                    return tunnels.open(machine, app.getLocalPort(), "admin:admin");
                } catch (TunnelUnavailableException e) {
                    throw new IllegalStateException(e);
                }
            });
            String stream = asked.get(10, TimeUnit.SECONDS);
            String path = "/api/v1/agent/tunnel/streams/" + stream;

            Answer plain = request(path, "Authorization: Bearer " + token);
            assertThat(plain.status()).as("without the upgrade").isEqualTo(426);
            assertThat(plain.head()).containsIgnoringCase("upgrade: lablink-stream").containsIgnoringCase("application/problem+json");
            assertThat(plain.body()).contains("Upgrade: lablink-stream");

            assertThat(request(path, "Authorization: Bearer " + otherMachinesToken, "Connection: Upgrade", "Upgrade: lablink-stream").status())
                    .as("another machine's token").isEqualTo(404);
            assertThat(request("/api/v1/agent/tunnel/streams/not-" + stream, "Authorization: Bearer " + token, "Connection: Upgrade", "Upgrade: lablink-stream").status())
                    .as("a stream this machine was not asked for").isEqualTo(404);
            assertThat(request(path, "Authorization: Bearer lls_not-a-token", "Connection: Upgrade", "Upgrade: lablink-stream").status())
                    .as("no machine's token").isEqualTo(401);
            assertThat(opened).as("still waiting for its agent").isNotDone();

            try (Socket data = new Socket("127.0.0.1", allocator.port)) {
                data.getOutputStream().write(head(path, "Authorization: Bearer " + token, "Connection: Upgrade", "Upgrade: lablink-stream"));
                Answer upgraded = readHead(data.getInputStream());
                assertThat(upgraded.status()).isEqualTo(101);
                assertThat(upgraded.head()).containsIgnoringCase("upgrade: lablink-stream");

                try (TunnelStream caller = opened.get(10, TimeUnit.SECONDS)) {
                    data.getOutputStream().write("from the port\n".getBytes(StandardCharsets.UTF_8));
                    assertThat(new String(caller.input().readNBytes(14), StandardCharsets.UTF_8)).isEqualTo("from the port\n");
                    caller.output().write("to the port\n".getBytes(StandardCharsets.UTF_8));
                    caller.output().flush();
                    assertThat(new String(data.getInputStream().readNBytes(12), StandardCharsets.UTF_8)).as("no framing: the bytes as written")
                            .isEqualTo("to the port\n");

                    data.shutdownOutput(); // the port closed: the caller's input ends, what it sent before arrived
                    assertThat(caller.input().read()).isEqualTo(-1);
                    assertThat(caller.bytesTransferred()).isEqualTo(14 + 12);
                }
                // the caller closed the stream: the agent's connection ends too
                data.setSoTimeout(10_000);
                assertThat(data.getInputStream().read()).isEqualTo(-1);
            }
            assertThat(request(path, "Authorization: Bearer " + token, "Connection: Upgrade", "Upgrade: lablink-stream").status())
                    .as("a stream is attached once").isEqualTo(404);
        } finally {
            control.abort();
        }
    }

    record Answer(int status, String head, String body) {
    }

    private static Answer request(String path, String... headers) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", allocator.port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(head(path, headers));
            InputStream in = socket.getInputStream();
            Answer head = readHead(in);
            int length = 0;
            for (String line : head.head().split("\r\n")) {
                if (line.toLowerCase().startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            return new Answer(head.status(), head.head(), new String(in.readNBytes(length), StandardCharsets.UTF_8));
        }
    }

    private static byte[] head(String path, String... headers) {
        StringBuilder head = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + allocator.port + "\r\n");
        for (String header : headers) {
            head.append(header).append("\r\n");
        }
        return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Byte by byte up to the blank line, so nothing after the head is taken from the stream. */
    private static Answer readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        return new Answer(Integer.parseInt(text.split(" ")[1]), text, "");
    }
}
