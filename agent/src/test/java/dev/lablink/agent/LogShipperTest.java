package dev.lablink.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.jr.ob.JSON;

/** The agent's log shipping against a small allocator stand-in that can be taken down. */
class LogShipperTest {
    @TempDir
    Path workDir;
    private HttpServer server;
    private volatile boolean down;
    /** stream + seq → text, as the allocator keeps them: a line sent twice is stored once. */
    private final Map<String, String> stored = new LinkedHashMap<>();
    private int received;

    @BeforeEach
    void startAllocator() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/agent/logs", exchange -> {
            if (down) {
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
                return;
            }
            assertThat(exchange.getRequestHeaders().getFirst("Content-Encoding")).isEqualTo("gzip");
            try (InputStream in = new GZIPInputStream(exchange.getRequestBody())) {
                Map<String, Object> body = JSON.std.mapFrom(in);
                synchronized (stored) {
                    for (Object item : (List<?>) body.get("lines")) {
                        Map<?, ?> line = (Map<?, ?>) item;
                        received++;
                        stored.putIfAbsent(line.get("stream") + "#" + line.get("seq"), (String) line.get("text"));
                    }
                }
            }
            byte[] answer = "{\"accepted\":1,\"duplicates\":0}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopAllocator() {
        server.stop(0);
    }

    private LogShipper shipper(long spoolMaxBytes) {
        AgentSettings settings = new AgentSettings(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"),
                "token", "m", workDir, Duration.ofSeconds(1), "nvidia-smi", "start-host");
        LogShipper shipper = new LogShipper(new AllocatorClient(settings), workDir);
        shipper.configure(List.of(), spoolMaxBytes);
        return shipper;
    }

    private void append(String file, int from, int count) throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = from; i < from + count; i++) {
            text.append("line ").append(i).append('\n');
        }
        Files.writeString(workDir.resolve(file), text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private List<String> texts() {
        synchronized (stored) {
            return new ArrayList<>(stored.values());
        }
    }

    private static List<String> expected(int from, int count) {
        List<String> lines = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            lines.add("line " + i);
        }
        return lines;
    }

    @Test
    void nothingIsLostWhileTheAllocatorIsAwayAndNothingIsSentAgainAfterAnAgentRestart() throws Exception {
        LogShipper shipper = shipper(1 << 20);
        append("session.log", 0, 100);
        shipper.shipOnce();
        assertThat(texts()).isEqualTo(expected(0, 100));

        down = true;
        append("session.log", 100, 50);
        assertThatThrownBy(shipper::shipOnce).isInstanceOf(IOException.class);
        down = false;
        shipper.shipOnce();

        assertThat(texts()).isEqualTo(expected(0, 150));
        int before = received;
        assertThat(shipper(1 << 20).shipOnce()).isFalse(); // a restarted agent knows what was acknowledged
        assertThat(received).isEqualTo(before);
    }

    @Test
    void aLargeBacklogGoesInSeveralBatches() throws Exception {
        LogShipper shipper = shipper(64L << 20);
        append("session.log", 0, 5000);

        while (shipper.shipOnce()) {
            // the shipper says when another batch waits
        }

        assertThat(texts()).isEqualTo(expected(0, 5000));
    }

    @Test
    void theBacklogIsBoundedAndTheSkipIsSaid() throws Exception {
        LogShipper shipper = shipper(1000);
        append("session.log", 0, 1000); // about 9 KB while the allocator is away

        shipper.shipOnce();

        List<String> texts = texts();
        assertThat(texts.getFirst()).matches("\\[lablink: skipped \\d+ bytes of session that could not be sent in time \\(logs.spool_max_mb\\)]");
        assertThat(texts.getLast()).isEqualTo("line 999");
        assertThat(texts.subList(1, texts.size()).stream().mapToInt(t -> t.length() + 1).sum()).isLessThanOrEqualTo(1000);
    }

    @Test
    void aTruncatedFileStartsANewGenerationSoItsLinesAreNotTakenForDuplicates() throws Exception {
        LogShipper shipper = shipper(1 << 20);
        append("session.log", 0, 10);
        shipper.shipOnce();

        Files.writeString(workDir.resolve("session.log"), "line 0\nline 1\n"); // same bytes at the same offsets as before
        shipper.shipOnce();

        assertThat(texts()).hasSize(12);
        assertThat(stored.keySet()).contains("session#" + (1L << 40), "session#" + ((1L << 40) | 7));
    }

    @Test
    void aLineIsSentOnlyOnceItIsComplete() throws Exception {
        LogShipper shipper = shipper(1 << 20);
        Files.writeString(workDir.resolve("startup.log"), "half a li");
        assertThat(shipper.shipOnce()).isFalse();
        assertThat(texts()).isEmpty();

        Files.writeString(workDir.resolve("startup.log"), "ne\r\n", StandardOpenOption.APPEND);
        shipper.shipOnce();

        assertThat(texts()).containsExactly("half a line");
    }
}
