package dev.lablink.server.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lablink.server.TestAllocator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Log lines from agents: stored once, found again, kept within retention. */
class LogsTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final TestAllocator allocator = TestAllocator.shared();
    private final HttpClient http = HttpClient.newHttpClient();
    private String token;
    private String machine;

    @BeforeEach
    void oneMachine() {
        allocator.reset();
        token = allocator.insertReadyMachines(1).getFirst();
        machine = allocator.jdbc.sql("SELECT name FROM machines").query(String.class).single();
    }

    @AfterEach
    void clean() {
        allocator.reset();
    }

    private HttpResponse<String> ship(String json, boolean gzip) throws IOException, InterruptedException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(allocator.uri("/api/v1/agent/logs"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json");
        if (gzip) {
            ByteArrayOutputStream zipped = new ByteArrayOutputStream();
            try (GZIPOutputStream out = new GZIPOutputStream(zipped)) {
                out.write(body);
            }
            body = zipped.toByteArray();
            request.header("Content-Encoding", "gzip");
        }
        return http.send(request.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String batch(String stream, int from, int count) {
        List<String> lines = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            lines.add("{\"stream\":\"" + stream + "\",\"seq\":" + (i * 10L) + ",\"at\":\"2026-11-23T10:00:" + String.format("%02d", i % 60)
                    + "Z\",\"text\":\"" + stream + " line " + i + "\"}");
        }
        return "{\"lines\":[" + String.join(",", lines) + "]}";
    }

    private JsonNode page(String query) {
        HttpResponse<String> response = allocator.admin("GET", "/api/v1/vms/" + machine + "/logs" + query, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private List<String> texts(JsonNode page) {
        List<String> texts = new ArrayList<>();
        page.get("lines").forEach(line -> texts.add(line.get("text").asString()));
        return texts;
    }

    @Test
    void aBatchSentTwiceIsStoredOnce() throws Exception {
        HttpResponse<String> first = ship(batch("session", 0, 100), true);
        HttpResponse<String> again = ship(batch("session", 50, 100), true);

        assertThat(JSON.readTree(first.body()).get("accepted").asInt()).isEqualTo(100);
        assertThat(JSON.readTree(again.body()).get("accepted").asInt()).isEqualTo(50);
        assertThat(JSON.readTree(again.body()).get("duplicates").asInt()).isEqualTo(50);
        assertThat(allocator.jdbc.sql("SELECT count(*) FROM log_lines").query(Integer.class).single()).isEqualTo(150);
    }

    @Test
    void linesArePagedAndFilteredByStreamTextAndTime() throws Exception {
        ship(batch("session", 0, 30), false);
        ship(batch("startup", 0, 5), true);

        JsonNode first = page("?limit=20");
        assertThat(texts(first)).hasSize(20).startsWith("session line 0");
        JsonNode second = page("?limit=20&after=" + first.get("next_after").asLong());
        assertThat(texts(second)).hasSize(15).endsWith("startup line 4");
        assertThat(second.get("next_after").isNull()).isTrue();

        assertThat(texts(page("?stream=startup"))).hasSize(5).allMatch(text -> text.startsWith("startup"));
        assertThat(texts(page("?q=LINE%202"))).containsExactly("session line 2", "session line 20", "session line 21",
                "session line 22", "session line 23", "session line 24", "session line 25", "session line 26",
                "session line 27", "session line 28", "session line 29", "startup line 2");
        assertThat(texts(page("?q=%25"))).isEmpty(); // a literal %, not a wildcard
        assertThat(texts(page("?stream=session&since=2026-11-23T10:00:25Z"))).containsExactly(
                "session line 25", "session line 26", "session line 27", "session line 28", "session line 29");

        HttpResponse<String> file = allocator.admin("GET", "/api/v1/vms/" + machine + "/logs.txt?stream=startup", null);
        assertThat(file.headers().firstValue("Content-Disposition").orElse("")).contains(machine + ".log");
        assertThat(file.body().lines().toList()).hasSize(5).first().asString().endsWith(" startup startup line 0");
    }

    @Test
    void badBatchesAreRefusedNamingTheField() throws Exception {
        HttpResponse<String> noSeq = ship("{\"lines\":[{\"stream\":\"session\",\"text\":\"x\"}]}", false);
        assertThat(noSeq.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noSeq.body()).get("field").asString()).isEqualTo("lines[0].seq");

        HttpResponse<String> noStream = ship("{\"lines\":[{\"seq\":1,\"text\":\"x\"}]}", true);
        assertThat(JSON.readTree(noStream.body()).get("field").asString()).isEqualTo("lines[0].stream");

        HttpResponse<String> notGzip = http.send(HttpRequest.newBuilder(allocator.uri("/api/v1/agent/logs"))
                .header("Authorization", "Bearer " + token).header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofString("plain text")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(notGzip.statusCode()).isEqualTo(400);
        assertThat(notGzip.body()).contains("not valid gzip");

        HttpResponse<String> tooMany = ship(batch("session", 0, 10_001), true);
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(tooMany.body()).get("detail").asString()).contains("at most 10000 lines");

        HttpResponse<String> noToken = http.send(HttpRequest.newBuilder(allocator.uri("/api/v1/agent/logs"))
                .POST(HttpRequest.BodyPublishers.ofString(batch("session", 0, 1))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(allocator.jdbc.sql("SELECT count(*) FROM log_lines").query(Integer.class).single()).isZero();
    }

    @Test
    void aNulByteOrAnOverlongLineIsStoredCleaned() throws Exception {
        String longText = "y".repeat(20_000);
        ship("{\"lines\":[{\"stream\":\"s\",\"seq\":1,\"text\":\"a\\u0000b\"},{\"stream\":\"s\",\"seq\":2,\"text\":\"" + longText + "\"}]}", true);

        List<String> texts = texts(page(""));
        assertThat(texts.get(0)).isEqualTo("a\uFFFDb");
        assertThat(texts.get(1)).hasSize(16_384 + " [lablink: line cut at 16384 characters]".length()).endsWith("cut at 16384 characters]");
    }

    @Test
    void retentionDeletesOldLinesAndTheOldestBeyondTheSizeLimit() throws Exception {
        ship(batch("session", 0, 10), true); // at 2026-11-23T10:00:00..09Z
        LogRepository logs = allocator.context.getBean(LogRepository.class);

        int old = logs.deleteOlderThan(Instant.parse("2026-11-23T10:00:05Z"));
        assertThat(old).isEqualTo(5);
        // "session line 5" .. "session line 9": 14 bytes each; keep the newest 3 (42 bytes).
        int trimmed = logs.trimEachMachineTo(42);

        assertThat(trimmed).isEqualTo(2);
        assertThat(texts(page(""))).containsExactly("session line 7", "session line 8", "session line 9");
    }

    @Test
    void aRealAgentShipsItsOwnOutput() {
        allocator.reset();
        String real = allocator.createReadyMachines(1).getFirst();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode lines = JSON.readTree(allocator.admin("GET", "/api/v1/vms/" + real + "/logs?stream=agent", null).body());
            assertThat(lines.get("lines").toString()).contains("registered");
        });
    }

    @Test
    void terminalEscapesAreStrippedFromAnswersAndDownloadsUnlessRawIsAsked() throws Exception {
        // colours, a screen clear, an OSC window title, an OSC 8 hyperlink, an 8-bit CSI, a carriage return and a fake line
        String text = "\\u001b[31mred\\u001b[0m \\u001b[2J\\u001b]0;owned\\u0007title \\u001b]8;;http://evil\\u001b\\\\link\\u001b]8;;\\u001b\\\\ "
                + "\\u009b1Aup\\rback\\n2026-11-23T10:00:00Z agent fake";
        assertThat(ship("{\"lines\":[{\"stream\":\"out\",\"seq\":1,\"text\":\"" + text + "\"}]}", false).statusCode()).isEqualTo(200);
        String clean = "red title link upback2026-11-23T10:00:00Z agent fake";

        assertThat(texts(page(""))).containsExactly(clean);
        HttpResponse<String> file = allocator.admin("GET", "/api/v1/vms/" + machine + "/logs.txt", null);
        assertThat(file.body()).endsWith(" out " + clean + "\n").doesNotContain("\u001b").doesNotContain("\u009b").doesNotContain("\r");
        assertThat(file.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        HttpResponse<String> raw = allocator.admin("GET", "/api/v1/vms/" + machine + "/logs.txt?raw=true", null);
        assertThat(raw.body()).contains("\u001b[31mred").contains("\u001b]0;owned\u0007").contains("\rback\n2026");
    }
}
